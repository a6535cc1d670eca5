namespace Surveys.Model;

/// <summary>How a response was entered (instruments.md §1.1; users.md P-17, P-18). Reported as a split
/// per round, subject to the minimum group size.</summary>
public enum EntryMode
{
    /// <summary>On a shared kiosk tablet.</summary>
    Kiosk,

    /// <summary>Through a personal (single-use) link on the person's own device.</summary>
    PersonalLink,

    /// <summary>A support person read aloud and tapped on the participant's behalf ("assistert").</summary>
    Assisted,

    /// <summary>A paper form typed in by staff ("papir").</summary>
    Paper,
}
