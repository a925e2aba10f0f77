using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Conciliazione.Domain.Grants;

public enum SampleRule
{
    /// <summary>A percentage of the funded applications, rounded up (at least one).</summary>
    Percent,

    /// <summary>A fixed number of applications (all of them when fewer).</summary>
    Count,
}

public enum ControlOutcome
{
    Pending,
    Passed,
    Failed,
}

/// <summary>
/// The sample of funded applications whose self-declarations are checked (DPR 445/2000 art. 71),
/// drawn with a recorded seed: anyone with the seed and the list of protocol numbers redraws the
/// same sample (<see cref="ControlSampling"/>). One sample per call.
/// </summary>
public class ControlSample
{
    private ControlSample()
    {
    }

    public Guid Id { get; private set; }
    public Guid AllianceId { get; private set; }
    public Guid CallId { get; private set; }

    /// <summary>The seed, as text (hex), exactly as it enters the draw.</summary>
    public string Seed { get; private set; } = "";

    public SampleRule Rule { get; private set; }

    /// <summary>The percentage or the number, as staff entered it.</summary>
    public decimal RuleValue { get; private set; }

    /// <summary>How many funded applications the draw was made from.</summary>
    public int PopulationSize { get; private set; }

    public DateTimeOffset DrawnAt { get; private set; }
    public Guid DrawnBy { get; private set; }
    public List<SelfDeclarationControl> Controls { get; private set; } = [];

    /// <summary>Draws the sample from <paramref name="population"/> (funded applications) with <paramref name="seed"/>.</summary>
    public static ControlSample Draw(Guid allianceId, Guid callId, IReadOnlyList<(Guid ApplicationId, string ProtocolNumber)> population, string? seed, SampleRule rule, decimal value, Guid by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(population);
        if (population.Count == 0)
        {
            throw new DomainException("Il bando non ha domande finanziate: non c'è nulla da estrarre.");
        }

        seed = string.IsNullOrWhiteSpace(seed) ? ControlSampling.NewSeed() : seed.Trim();
        if (seed.Length > 64)
        {
            throw new DomainException([new DomainError("Seed", "Il seme può avere al massimo 64 caratteri.")]);
        }

        var size = ControlSampling.SizeOf(population.Count, rule, value);
        var chosen = ControlSampling.Choose(population.Select(p => p.ProtocolNumber), seed, size).ToHashSet(StringComparer.Ordinal);
        var sample = new ControlSample
        {
            Id = Guid.NewGuid(),
            AllianceId = allianceId,
            CallId = callId,
            Seed = seed,
            Rule = rule,
            RuleValue = value,
            PopulationSize = population.Count,
            DrawnAt = now.ToUniversalTime(),
            DrawnBy = by,
        };
        foreach (var (id, protocol) in population.Where(p => chosen.Contains(p.ProtocolNumber)))
        {
            sample.Controls.Add(new SelfDeclarationControl(sample.Id, id, protocol));
        }

        return sample;
    }
}

/// <summary>The control of one sampled application: outcome, notes and documents (stored as application documents).</summary>
public class SelfDeclarationControl
{
    public const int MaxNotes = 4000;

    private SelfDeclarationControl()
    {
    }

    internal SelfDeclarationControl(Guid sampleId, Guid applicationId, string protocolNumber)
    {
        Id = Guid.NewGuid();
        SampleId = sampleId;
        ApplicationId = applicationId;
        ProtocolNumber = protocolNumber;
        Outcome = ControlOutcome.Pending;
    }

    public Guid Id { get; private set; }
    public Guid SampleId { get; private set; }
    public Guid ApplicationId { get; private set; }
    public string ProtocolNumber { get; private set; } = "";
    public ControlOutcome Outcome { get; private set; }
    public string? Notes { get; private set; }
    public DateTimeOffset? CheckedAt { get; private set; }
    public Guid? CheckedBy { get; private set; }

    /// <summary>What every control document's key starts with: the family's pages leave these out (internal working papers).</summary>
    public const string DocumentKeyPrefix = "ctl-";

    /// <summary>The key of the documents attached to this control (ApplicationDocument.RequirementKey).</summary>
    public string DocumentKey => DocumentKeyPrefix + Id.ToString("N");

    /// <summary>Whether a document key belongs to a control (see <see cref="DocumentKeyPrefix"/>).</summary>
    public static bool IsControlDocument(string requirementKey) =>
        requirementKey?.StartsWith(DocumentKeyPrefix, StringComparison.Ordinal) == true;

    /// <summary>Records the outcome; a failed control needs notes saying what was found (they become the revocation's grounds).</summary>
    public void Record(ControlOutcome outcome, string? notes, Guid by, DateTimeOffset now)
    {
        if (outcome == ControlOutcome.Pending)
        {
            throw new DomainException([new DomainError("Outcome", "Indicare l'esito del controllo.")]);
        }

        if (Outcome != ControlOutcome.Pending)
        {
            throw new DomainException("L'esito di questo controllo è già registrato.");
        }

        if (outcome == ControlOutcome.Failed && string.IsNullOrWhiteSpace(notes))
        {
            throw new DomainException([new DomainError("Notes", "Per un controllo non superato descrivere che cosa non corrisponde a quanto dichiarato.")]);
        }

        if (notes?.Trim().Length > MaxNotes)
        {
            throw new DomainException([new DomainError("Notes", $"Le note possono avere al massimo {MaxNotes} caratteri.")]);
        }

        Outcome = outcome;
        Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        CheckedAt = now.ToUniversalTime();
        CheckedBy = by;
    }
}

/// <summary>
/// The reproducible draw: each protocol number gets the key SHA-256("seed|protocol"), and the
/// sample is the <c>n</c> protocol numbers with the smallest keys. The order of the list does not
/// matter, and the same seed and list always give the same sample, with any tool that computes SHA-256.
/// </summary>
public static class ControlSampling
{
    public static string NewSeed() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static int SizeOf(int population, SampleRule rule, decimal value)
    {
        if (rule == SampleRule.Percent)
        {
            if (value is <= 0m or > 100m || decimal.Round(value, 2) != value)
            {
                throw new DomainException([new DomainError("Value", "Indicare una percentuale tra 0,01 e 100.")]);
            }

            return Math.Max(1, (int)Math.Ceiling(population * value / 100m));
        }

        if (value < 1m || decimal.Truncate(value) != value)
        {
            throw new DomainException([new DomainError("Value", "Indicare un numero intero di domande, almeno 1.")]);
        }

        return (int)Math.Min(population, value);
    }

    public static IReadOnlyList<string> Choose(IEnumerable<string> protocolNumbers, string seed, int size) =>
        protocolNumbers
            .Distinct(StringComparer.Ordinal)
            .Select(p => (Protocol: p, Key: Key(seed, p)))
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .Take(size)
            .Select(x => x.Protocol)
            .ToList();

    public static string Key(string seed, string protocolNumber) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}|{protocolNumber}"))));
}
