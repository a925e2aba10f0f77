using System.Globalization;
using System.Text.RegularExpressions;

namespace Conciliazione.Domain.Projects;

public enum TargetComparison
{
    AtLeast,
    AtMost,
    Exactly,
}

/// <summary>Where an indicator's value comes from.</summary>
public enum IndicatorSource
{
    /// <summary>Counted from the portal's own records by a named computation (<see cref="IndicatorComputations"/>).</summary>
    Computed,

    /// <summary>Entered by staff, with the evidence it rests on (a minute, an agreement, a report).</summary>
    Manual,
}

/// <summary>The computations the portal knows how to run, by stable key.</summary>
public static class IndicatorComputations
{
    public const string FamiliesWithVoucher = "vouchers.families-granted";
    public const string ActiveAgreements = "providers.active-agreements";
    public const string ServicesFunded = "vouchers.services-funded";
    public const string EurosGranted = "grants.euros-granted";
    public const string EurosPaid = "payouts.euros-paid";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [FamiliesWithVoucher] = "Famiglie con almeno un voucher concesso nell'azione",
        [ActiveAgreements] = "Convenzioni e accreditamenti attivi con gli enti erogatori dell'azione",
        [ServicesFunded] = "Servizi finanziati: voucher concessi nell'azione e non revocati",
        [EurosGranted] = "Euro concessi: contributi attivi dei bandi dell'azione (euro interi)",
        [EurosPaid] = "Euro pagati: rimborsi delle liquidazioni pagate nei bandi dell'azione (euro interi)",
    };
}

/// <summary>A result indicator of an action, with its target (e.g. "&gt;= 2 famiglie").</summary>
public partial class Indicator
{
    public Guid Id { get; internal set; }
    public Guid ActionId { get; internal set; }
    public string Name { get; private set; } = "";
    public string Unit { get; private set; } = "";
    public TargetComparison? Comparison { get; private set; }
    public int? TargetValue { get; private set; }
    public IndicatorSource Source { get; private set; }
    public string? ComputationKey { get; private set; }
    public int? ManualValue { get; private set; }
    public string? Evidence { get; private set; }
    public DateTimeOffset? ManualValueRecordedAt { get; private set; }
    public Guid? ManualValueRecordedBy { get; private set; }
    public int SortOrder { get; internal set; }

    /// <summary>PostgreSQL <c>xmin</c> concurrency token.</summary>
    public uint Version { get; private set; }

    /// <summary>"&gt;= 2", or null when the plan sets no number.</summary>
    public string? TargetText => FormatTarget(Comparison, TargetValue);

    public static string? FormatTarget(TargetComparison? comparison, int? value) => comparison is { } c && value is { } v
        ? Symbol(c) + " " + v.ToString(CultureInfo.InvariantCulture)
        : null;

    public static string Symbol(TargetComparison c) => c switch
    {
        TargetComparison.AtLeast => ">=",
        TargetComparison.AtMost => "<=",
        _ => "=",
    };

    /// <summary>A target in words, for citizens: "almeno 2".</summary>
    public string? TargetInWords => Comparison is { } c && TargetValue is { } v
        ? (c switch { TargetComparison.AtLeast => "almeno ", TargetComparison.AtMost => "al massimo ", _ => "" }) + v.ToString(CultureInfo.InvariantCulture)
        : null;

    /// <summary>Reads a target as staff type it: "&gt;= 2", "&lt;= 5", "= 10", "≥ 2"; blank means no target.</summary>
    public static bool TryParseTarget(string? text, out TargetComparison? comparison, out int? value, out string? error)
    {
        comparison = null;
        value = null;
        error = null;
        var s = (text ?? "").Trim().Replace("≥", ">=", StringComparison.Ordinal).Replace("≤", "<=", StringComparison.Ordinal);
        if (s.Length == 0)
        {
            return true;
        }

        var m = TargetPattern().Match(s);
        if (!m.Success || !int.TryParse(m.Groups["value"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
        {
            error = "Il traguardo va scritto come confronto e numero intero, per esempio \">= 2\", \"<= 5\" o \"= 10\".";
            return false;
        }

        comparison = m.Groups["op"].Value switch { ">=" => TargetComparison.AtLeast, "<=" => TargetComparison.AtMost, _ => TargetComparison.Exactly };
        value = v;
        return true;
    }

    /// <summary>Whether <paramref name="actual"/> meets the target; null when there is no target.</summary>
    public bool? IsMet(int actual) => (Comparison, TargetValue) switch
    {
        (TargetComparison.AtLeast, int v) => actual >= v,
        (TargetComparison.AtMost, int v) => actual <= v,
        (TargetComparison.Exactly, int v) => actual == v,
        _ => null,
    };

    internal static Indicator Create(Guid actionId, int sortOrder, string name, string unit, TargetComparison? comparison, int? targetValue, IndicatorSource source, string? computationKey)
    {
        var indicator = new Indicator { Id = Guid.NewGuid(), ActionId = actionId, SortOrder = sortOrder };
        indicator.Revise(name, unit, comparison, targetValue, source, computationKey);
        return indicator;
    }

    internal void Revise(string name, string unit, TargetComparison? comparison, int? targetValue, IndicatorSource source, string? computationKey)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Inserire il nome dell'indicatore.");
        }

        if (string.IsNullOrWhiteSpace(unit))
        {
            throw new DomainException("Inserire l'unità di misura (per esempio \"famiglie\").");
        }

        if ((comparison is null) != (targetValue is null) || targetValue < 0)
        {
            throw new DomainException("Il traguardo deve avere un confronto e un numero non negativo.");
        }

        if (source == IndicatorSource.Computed && (computationKey is null || !IndicatorComputations.Labels.ContainsKey(computationKey)))
        {
            throw new DomainException("Un indicatore calcolato dal portale deve indicare uno dei calcoli disponibili.");
        }

        Name = name.Trim();
        Unit = unit.Trim();
        Comparison = comparison;
        TargetValue = targetValue;
        Source = source;
        ComputationKey = source == IndicatorSource.Computed ? computationKey : null;
        if (source == IndicatorSource.Computed)
        {
            ManualValue = null;
            Evidence = null;
            ManualValueRecordedAt = null;
            ManualValueRecordedBy = null;
        }
    }

    internal void RecordValue(int value, string evidence, DateTimeOffset at, Guid? by)
    {
        if (Source != IndicatorSource.Manual)
        {
            throw new DomainException("Il valore di questo indicatore è calcolato dal portale: non si inserisce a mano.");
        }

        if (value < 0)
        {
            throw new DomainException("Il valore non può essere negativo.");
        }

        if (string.IsNullOrWhiteSpace(evidence))
        {
            throw new DomainException("Indicare su quale documento si basa il valore (verbale, accordo, relazione).");
        }

        ManualValue = value;
        Evidence = evidence.Trim();
        ManualValueRecordedAt = at.ToUniversalTime();
        ManualValueRecordedBy = by;
    }

    [GeneratedRegex(@"^(?<op>>=|<=|=)\s*(?<value>\d{1,9})$")]
    private static partial Regex TargetPattern();
}
