// «All surveys» or «only these»: the survey boxes are off (and so not sent) unless «only these» is chosen.
(() => {
  const boxes = () => document.querySelectorAll('#survey-choices input[type=checkbox]');
  const update = () => {
    const chosen = document.querySelector('input[name=scope][value=chosen]');
    for (const box of boxes()) box.disabled = !(chosen && chosen.checked);
  };
  for (const radio of document.querySelectorAll('input[name=scope]')) radio.addEventListener('change', update);
  update();
})();
