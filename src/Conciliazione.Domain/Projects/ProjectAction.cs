namespace Conciliazione.Domain.Projects;

/// <summary>The texts of an action as the plan describes it.</summary>
public sealed record ActionTexts(
    string Title,
    string? Description,
    string? Modality,
    string? Integration,
    string? Objectives,
    string? TargetGroups,
    string? ExpectedResults);

/// <summary>
/// An azione of a project (A, B, C1, C2, D, E1, E2 in the 2017-2018 plan): what is done, how,
/// for whom, and the indicators that say whether it worked. Changed only through its
/// <see cref="Project"/>, which refuses changes once closed.
/// </summary>
public class ProjectAction
{
    public Guid Id { get; internal set; }
    public Guid ProjectId { get; internal set; }
    public string Code { get; internal set; } = "";
    public string Title { get; private set; } = "";

    /// <summary>The action as the regional call words it.</summary>
    public string? Description { get; private set; }

    /// <summary>Modalità: how the alliance carries it out.</summary>
    public string? Modality { get; private set; }

    /// <summary>Integrazione: which other policies or measures it works with.</summary>
    public string? Integration { get; private set; }

    public string? Objectives { get; private set; }
    public string? TargetGroups { get; private set; }
    public string? ExpectedResults { get; private set; }
    public int SortOrder { get; internal set; }

    /// <summary>PostgreSQL <c>xmin</c> concurrency token.</summary>
    public uint Version { get; private set; }

    public List<Indicator> Indicators { get; } = [];

    internal void Revise(ActionTexts texts)
    {
        if (string.IsNullOrWhiteSpace(texts.Title))
        {
            throw new DomainException("Inserire il titolo dell'azione.");
        }

        Title = texts.Title.Trim();
        Description = Clean(texts.Description);
        Modality = Clean(texts.Modality);
        Integration = Clean(texts.Integration);
        Objectives = Clean(texts.Objectives);
        TargetGroups = Clean(texts.TargetGroups);
        ExpectedResults = Clean(texts.ExpectedResults);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
