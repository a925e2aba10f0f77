using System.Reflection;
using Conciliazione.Web.Notifications;
using Conciliazione.Web.Notifications.Templates;

namespace Conciliazione.Web.Tests.Notifications;

/// <summary>Every event's template renders in Italian and English; a missing value fails here, never a family's mail.</summary>
public sealed class NotificationTemplateTests
{
    private const string Origin = "https://portale.example.org";

    public static TheoryData<string, string> KindsAndLanguages()
    {
        var data = new TheoryData<string, string>();
        foreach (var t in NotificationTemplates.All)
        {
            data.Add(t.Kind, "it");
            data.Add(t.Kind, "en");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KindsAndLanguages))]
    public void EveryTemplate_RendersTextAndHtml_WithALinkFromThePublicOrigin(string kind, string language)
    {
        var template = NotificationTemplates.For(kind);
        var sample = Sample(template);

        var mail = NotificationTemplates.Render(kind, NotificationTemplates.Serialize(sample), language, Origin);

        Assert.False(string.IsNullOrWhiteSpace(mail.Subject));
        Assert.StartsWith(language == "en" ? "Good morning," : "Buongiorno,", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(Origin + "/Family/", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("href=\"" + Origin + "/Family/", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"<html lang=\"{language}\">", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("{", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("00000000-0000", mail.TextBody, StringComparison.Ordinal);
        // The other language's greeting never leaks in.
        Assert.DoesNotContain(language == "en" ? "Buongiorno" : "Good morning", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryEventOfTheIssue_HasATemplate()
    {
        string[] expected =
        [
            ApplicationSubmitted.KindName, DocumentsRequested.KindName, Admitted.KindName, NotAdmitted.KindName,
            Granted.KindName, ReserveListed.KindName, MovedUpFromReserve.KindName, VoucherIssued.KindName,
            ReceiptValidated.KindName, ReceiptRejected.KindName, PayoutMade.KindName, DecisionRevoked.KindName,
            ApplicationWithdrawn.KindName, CallClosingReminder.KindName, CallRulesChanged.KindName, DocumentsDueReminder.KindName,
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), NotificationTemplates.All.Select(t => t.Kind).Order(StringComparer.Ordinal));
        Assert.Equal(NotificationTemplates.All.Count, NotificationTemplates.All.Select(t => t.ModelType).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(KindsAndLanguages))]
    public void ATemplate_WithAMissingValue_Throws_InsteadOfSendingAHalfEmptyMail(string kind, string language)
    {
        var template = NotificationTemplates.For(kind);
        var sample = Sample(template);
        // Blank every string (or empty every list) one at a time: each must be refused.
        foreach (var property in template.ModelType.GetProperties().Where(p => p.CanWrite || p.SetMethod is not null))
        {
            object? blank = property.PropertyType == typeof(string) ? ""
                : property.PropertyType == typeof(IReadOnlyList<string>) ? Array.Empty<string>()
                : property.PropertyType == typeof(Guid) ? Guid.Empty
                : property.PropertyType == typeof(decimal) ? 0m
                : property.PropertyType == typeof(DateTimeOffset) ? default(DateTimeOffset)
                : property.PropertyType == typeof(DateOnly) ? default(DateOnly)
                : property.PropertyType == typeof(int) ? 0
                : null;
            if (blank is null)
            {
                continue;
            }

            var copy = With(sample, property, blank);
            var json = NotificationTemplates.Serialize(copy);
            Assert.Throws<MissingTemplateValueException>(() => NotificationTemplates.Render(kind, json, language, Origin));
        }
    }

    [Fact]
    public void Submitted_InItalian_SaysProtocolAndRomeTime()
    {
        var model = new ApplicationSubmittedModel(Guid.NewGuid(), "2026/B/01", "Voucher infanzia", "2026/000007", new DateTimeOffset(2026, 7, 1, 8, 15, 0, TimeSpan.Zero));

        var mail = NotificationTemplates.Render(ApplicationSubmitted.KindName, NotificationTemplates.Serialize(model), "it", Origin);

        Assert.Equal("Domanda inviata - protocollo 2026/000007", mail.Subject);
        Assert.Contains("inviata il 01/07/2026 10:15 con protocollo 2026/000007", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{Origin}/Family/Applications/Details/{model.ApplicationId}", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlValues_AreEncoded()
    {
        var model = new NotAdmittedModel(Guid.NewGuid(), "2026/000007", ["<script>alert(1)</script>"]);

        var mail = NotificationTemplates.Render(NotAdmitted.KindName, NotificationTemplates.Serialize(model), "it", Origin);

        Assert.DoesNotContain("<script>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", mail.HtmlBody, StringComparison.Ordinal);
    }

    private static INotificationModel Sample(INotificationTemplate template) =>
        (INotificationModel)template.GetType().GetMethod("Sample")!.Invoke(template, null)!;

    private static INotificationModel With(INotificationModel model, PropertyInfo property, object value)
    {
        // Records: copy through the compiler's clone method, then set the init-only property.
        var clone = (INotificationModel)model.GetType().GetMethod("<Clone>$")!.Invoke(model, null)!;
        property.SetValue(clone, value);
        return clone;
    }
}
