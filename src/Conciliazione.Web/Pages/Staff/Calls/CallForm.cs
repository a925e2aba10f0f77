using Conciliazione.Domain;
using Conciliazione.Domain.Calls;
using Conciliazione.Web.Infrastructure;
using FluentValidation;

namespace Conciliazione.Web.Pages.Staff.Calls;

/// <summary>The call's own fields, shared by Create and Edit. Times are Europe/Rome wall-clock times.</summary>
public sealed class CallForm
{
    public Guid? ActionId { get; set; }
    public string ReferenceNumber { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public DateTime? OpensAt { get; set; }
    public DateTime? ClosesAt { get; set; }
    public DateOnly? ServiceStart { get; set; }
    public DateOnly? ServiceEnd { get; set; }

    /// <summary>Bound as text and read by <see cref="Money.TryParse"/> ("10.123" is refused, not read as 10123).</summary>
    public string Budget { get; set; } = "";

    public bool AllowsOtherProvider { get; set; }
    public List<Guid> ProviderIds { get; set; } = [];
    public uint Version { get; set; }

    public static CallForm From(Call call) => new()
    {
        ActionId = call.ActionId,
        ReferenceNumber = call.ReferenceNumber,
        Title = call.Title,
        Description = call.Description,
        OpensAt = call.OpensAt is { } o ? RomeTime.ToRome(o).DateTime : null,
        ClosesAt = call.ClosesAt is { } c ? RomeTime.ToRome(c).DateTime : null,
        ServiceStart = call.ServiceStart,
        ServiceEnd = call.ServiceEnd,
        Budget = Money.ToInput(call.Budget),
        AllowsOtherProvider = call.AllowsOtherProvider,
        ProviderIds = call.Providers.Select(p => p.ProviderId).ToList(),
        Version = call.Version,
    };

    /// <summary>The form as the domain takes it; call only after the validator passed.</summary>
    public CallDetails ToDetails()
    {
        Money.TryParse(Budget, out var budget, out _);
        return new CallDetails(
            ReferenceNumber,
            Title,
            Description,
            OpensAt is { } o ? RomeTime.FromRome(o) : null,
            ClosesAt is { } c ? RomeTime.FromRome(c) : null,
            ServiceStart,
            ServiceEnd,
            budget,
            AllowsOtherProvider);
    }

    public sealed class Validator : AbstractValidator<CallForm>
    {
        public Validator()
        {
            RuleFor(x => x.ReferenceNumber).NotEmpty().WithMessage("Inserire il numero di riferimento del bando.")
                .MaximumLength(50).WithMessage("Al massimo 50 caratteri.");
            RuleFor(x => x.Title).NotEmpty().WithMessage("Inserire il titolo del bando.")
                .MaximumLength(300).WithMessage("Al massimo 300 caratteri.");
            RuleFor(x => x.Description).MaximumLength(8000).WithMessage("Al massimo 8000 caratteri.");
            RuleFor(x => x.Budget).Custom((text, ctx) =>
            {
                if (!Money.TryParse(text, out _, out var error))
                {
                    ctx.AddFailure(error!);
                }
            });
            RuleFor(x => x.ClosesAt).Must((x, closes) => closes > x.OpensAt)
                .When(x => x.OpensAt is not null && x.ClosesAt is not null)
                .WithMessage("La chiusura delle domande deve essere successiva all'apertura.");
            RuleFor(x => x.ServiceEnd).Must((x, end) => end >= x.ServiceStart)
                .When(x => x.ServiceStart is not null && x.ServiceEnd is not null)
                .WithMessage("La fine del periodo dei servizi non può precedere l'inizio.");
        }
    }
}
