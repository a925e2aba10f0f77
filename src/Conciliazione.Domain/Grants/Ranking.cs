using System.Globalization;
using Conciliazione.Domain.Applications;
using Conciliazione.Domain.Calls;

namespace Conciliazione.Domain.Grants;

/// <summary>What the ranking of one admitted application is computed from (read from the submitted application).</summary>
public sealed record RankingInput(
    Guid ApplicationId,
    string ProtocolNumber,
    DateTimeOffset SubmittedAt,
    decimal? Isee,
    DateOnly? OldestChildBirthDate,
    int Children,
    bool SingleParent,
    bool DisabilityInHousehold,
    decimal Amount)
{
    /// <summary>The ranking inputs of a submitted application, with the amount its call's rule grants at most.</summary>
    public static RankingInput Of(Application application, AmountRule amount)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(amount);
        var children = application.Household.Children;
        return new RankingInput(
            application.Id,
            application.ProtocolNumber ?? "",
            application.SubmittedAt ?? application.CreatedAt,
            application.Isee.HasIsee ? application.Isee.Value : null,
            children.Count > 0 ? children.Min(c => c.BirthDate) : null,
            children.Count,
            application.Household.SingleCustodialParent,
            application.Household.AssistedDisability == true,
            GrantAmounts.For(amount, children.Count));
    }
}

/// <summary>One application's place in a ranking, with the reasons for it ("perché sono qui").</summary>
public sealed record RankedApplication(int Position, RankingInput Input, IReadOnlyList<string> Breakdown);

/// <summary>
/// The order in which admitted applications are funded: by protocol number (first come, first
/// served) or by the call's graduatoria (ISEE ascending, applicants without ISEE after those with
/// one, then the call's tie-breaks in order). Deterministic for equal inputs: the protocol number,
/// unique per alliance and year, settles what every criterion leaves equal.
/// </summary>
public static class RankingOrder
{
    public static IReadOnlyList<RankedApplication> Rank(IEnumerable<RankingInput> inputs, FundingRule rule)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(rule);
        var comparer = new Comparer(rule);
        return inputs.Order(comparer)
            .Select((input, i) => new RankedApplication(i + 1, input, Breakdown(input, rule)))
            .ToList();
    }

    /// <summary>The criteria in the order they were applied, each with this application's value, in Italian.</summary>
    public static IReadOnlyList<string> Breakdown(RankingInput input, FundingRule rule)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rule);
        var it = CultureInfo.GetCultureInfo("it-IT");
        var lines = new List<string>();
        if (rule.Mode == FundingMode.FirstComeFirstServed)
        {
            lines.Add($"Ordine di arrivo: protocollo {input.ProtocolNumber}");
            return lines;
        }

        lines.Add(input.Isee is { } isee ? $"ISEE: {Money.Format(isee)}" : "ISEE: non presentato (dopo chi lo ha presentato)");
        foreach (var tieBreak in rule.TieBreaks)
        {
            lines.Add(tieBreak switch
            {
                TieBreak.SubmissionTime => $"Presentata il {Rome(input.SubmittedAt).ToString("dd/MM/yyyy HH:mm:ss", it)}",
                TieBreak.OlderChild => input.OldestChildBirthDate is { } born ? $"Figlio più grande nato il {born.ToString("dd/MM/yyyy", it)}" : "Figlio più grande: nessun figlio indicato",
                TieBreak.MoreChildren => $"Figli per cui si chiede il voucher: {input.Children.ToString(it)}",
                TieBreak.SingleParent => input.SingleParent ? "Nucleo monogenitoriale: sì" : "Nucleo monogenitoriale: no",
                _ => input.DisabilityInHousehold ? "Persona con disabilità nel nucleo: sì" : "Persona con disabilità nel nucleo: no",
            });
        }

        lines.Add($"A parità di tutto: protocollo {input.ProtocolNumber}");
        return lines;
    }

    private static readonly TimeZoneInfo RomeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    private static DateTime Rome(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, RomeZone).DateTime;

    private sealed class Comparer(FundingRule rule) : IComparer<RankingInput>
    {
        public int Compare(RankingInput? x, RankingInput? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            if (rule.Mode == FundingMode.Ranking)
            {
                // With ISEE first, lower first; without ISEE after everyone with one.
                var c = (x.Isee, y.Isee) switch
                {
                    ({ } a, { } b) => a.CompareTo(b),
                    (not null, null) => -1,
                    (null, not null) => 1,
                    _ => 0,
                };
                if (c != 0)
                {
                    return c;
                }

                foreach (var tieBreak in rule.TieBreaks)
                {
                    c = tieBreak switch
                    {
                        TieBreak.SubmissionTime => x.SubmittedAt.CompareTo(y.SubmittedAt),
                        // Older child first: the earlier birth date; no child after any child.
                        TieBreak.OlderChild => (x.OldestChildBirthDate, y.OldestChildBirthDate) switch
                        {
                            ({ } a, { } b) => a.CompareTo(b),
                            (not null, null) => -1,
                            (null, not null) => 1,
                            _ => 0,
                        },
                        TieBreak.MoreChildren => y.Children.CompareTo(x.Children),
                        TieBreak.SingleParent => y.SingleParent.CompareTo(x.SingleParent),
                        _ => y.DisabilityInHousehold.CompareTo(x.DisabilityInHousehold),
                    };
                    if (c != 0)
                    {
                        return c;
                    }
                }
            }

            return ProtocolNumbers.Compare(x.ProtocolNumber, y.ProtocolNumber);
        }
    }
}

/// <summary>What one application may be granted at most: the call's cap per application or per child.</summary>
public static class GrantAmounts
{
    public static decimal For(AmountRule rule, int children)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Cap(Math.Max(1, children))
            ?? throw new DomainException("Il bando non indica un tetto del contributo: non si può calcolare l'importo da concedere.");
    }
}

/// <summary>The grant one application gets in a funding walk: the full amount, a part of it, or nothing (reserve list).</summary>
public sealed record FundingStep(Guid ApplicationId, decimal Requested, decimal? Granted)
{
    public bool IsFunded => Granted is > 0m;
    public bool IsPartial => Granted is { } g && g < Requested;
}

/// <summary>
/// The walk down a ranking with the money left: each application in order gets its amount if it
/// fits; when the next one does not fit, the call's <see cref="ShortfallPolicy"/> says whether it
/// gets what is left (then the walk stops) or is skipped for the next that fits.
/// </summary>
public static class FundingPlan
{
    public static IReadOnlyList<FundingStep> Walk(IEnumerable<(Guid ApplicationId, decimal Amount)> inOrder, decimal left, ShortfallPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(inOrder);
        var steps = new List<FundingStep>();
        foreach (var (id, amount) in inOrder)
        {
            if (amount <= 0m)
            {
                throw new DomainException("L'importo da concedere deve essere maggiore di zero.");
            }

            if (amount <= left)
            {
                steps.Add(new FundingStep(id, amount, amount));
                left -= amount;
            }
            else if (policy == ShortfallPolicy.PartialGrant && left > 0m)
            {
                steps.Add(new FundingStep(id, amount, left));
                left = 0m;
            }
            else
            {
                steps.Add(new FundingStep(id, amount, null));
            }
        }

        return steps;
    }
}
