using System.Globalization;
using Surveys.Pages.Results;

namespace Surveys.Pages.Emails;

/// <summary>Dates and figures as the bokmål e-mails write them, in their HTML and their plain text alike.</summary>
public static class EmailFormat
{
    private static readonly ReportFormat Bokmål = new(english: false);

    /// <summary>A calendar date: "20.03.2027".</summary>
    public static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    /// <summary>A point in time as its date in Norwegian time: "20.03.2027".</summary>
    public static string Date(DateTimeOffset at) => Bokmål.Date(at);

    /// <summary>An integer percentage with a no-break space: "45 %".</summary>
    public static string Percent(int percent) => Bokmål.Percent(percent);

    /// <summary>A share (0–1) as a percentage rounded once: "20 %".</summary>
    public static string PercentOf(double share) => Bokmål.PercentOf(share);
}
