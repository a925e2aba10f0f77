using Conciliazione.Domain.Applications;

namespace Conciliazione.Domain.Tests.Applications;

/// <summary>Every (from, to) pair of statuses, through the named methods: allowed pairs move, the others are refused and change nothing.</summary>
public sealed class TransitionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly Guid Staff = Guid.NewGuid();
    private static readonly byte[] Pdf = "%PDF-1.7 contenuto"u8.ToArray();

    public static TheoryData<ApplicationStatus, ApplicationStatus> EveryPair()
    {
        var data = new TheoryData<ApplicationStatus, ApplicationStatus>();
        foreach (var from in Enum.GetValues<ApplicationStatus>())
        {
            foreach (var to in Enum.GetValues<ApplicationStatus>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void EveryPair_IsAllowedExactlyWhenTheTableListsIt(ApplicationStatus from, ApplicationStatus to)
    {
        var application = In(from);
        var historyBefore = application.History.Count;

        var refused = Record.Exception(() => Attempt(application, to));

        if (from != to && ApplicationTransitions.IsAllowed(from, to))
        {
            Assert.Null(refused);
            Assert.Equal(to, application.Status);
            var step = application.History[^1];
            Assert.Equal((from, to), (step.From, step.To));
            Assert.Equal(historyBefore + 1, application.History.Count);
        }
        else
        {
            Assert.IsType<DomainException>(refused);
            Assert.Equal(from, application.Status);
            Assert.Equal(historyBefore, application.History.Count);
        }
    }

    [Fact]
    public void EveryStatus_IsReachable_AndEveryMoveHasAnActor()
    {
        foreach (var status in Enum.GetValues<ApplicationStatus>())
        {
            Assert.Equal(status, In(status).Status);
        }

        Assert.All(ApplicationTransitions.Allowed, t => Assert.NotEqual(t.From, t.To));
    }

    [Fact]
    public void ChildClaims_AreHeldFromSubmission_AndReleasedByWithdrawalOrNonAdmission()
    {
        Assert.False(ApplicationTransitions.HoldsChildClaims(ApplicationStatus.Draft));
        Assert.True(ApplicationTransitions.HoldsChildClaims(ApplicationStatus.Submitted));
        Assert.True(ApplicationTransitions.HoldsChildClaims(ApplicationStatus.Admitted));
        Assert.False(ApplicationTransitions.HoldsChildClaims(ApplicationStatus.Withdrawn));
        Assert.False(ApplicationTransitions.HoldsChildClaims(ApplicationStatus.NotAdmitted));
        var draft = Draft();
        var claims = draft.Submit(Guid.NewGuid(), "2026/000001", Guid.NewGuid(), Now);
        Assert.Equal(["RSSLCU22A41F205X"], claims.Select(c => c.ChildFiscalCode));
    }

    [Fact]
    public void Decide_WhileDocumentsAreRequested_SaysToWaitOrCancelTheRequest()
    {
        var application = In(ApplicationStatus.DocumentsRequested);

        var ex = Assert.Throws<DomainException>(() => application.Decide(DecisionOutcome.Admitted, [], null, Staff, Now));

        Assert.Contains("richiesta di integrazione aperta", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DocumentRequest_WithNoItems_OrAPastDeadline_IsRefusedWithNamedFields()
    {
        var application = In(ApplicationStatus.InReview);

        var ex = Assert.Throws<DomainException>(() => application.RequestDocuments([], "Serve l'ISEE", Now.AddDays(-1), Staff, Now));

        Assert.Contains(ex.Errors, e => e.Field == "Items");
        Assert.Contains(ex.Errors, e => e.Field == "DueDate");
        Assert.Equal(ApplicationStatus.InReview, application.Status);
    }

    [Fact]
    public void Answer_MustCoverExactlyTheRequestedItems_AndAClosedRequestTakesNothing()
    {
        var application = In(ApplicationStatus.DocumentsRequested);
        var request = application.OpenDocumentRequest!;

        var foreign = Assert.Throws<DomainException>(() => application.AnswerDocumentRequest(request.Id, [("doc-9", "x.pdf", UploadKind.Pdf, Pdf)], null, Now));
        Assert.Contains("solo i documenti richiesti", foreign.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<DomainException>(() => application.AnswerDocumentRequest(request.Id, [], null, Now));
        Assert.Contains("Attestazione ISEE", missing.Message, StringComparison.Ordinal);

        var added = application.AnswerDocumentRequest(request.Id, [("doc-1", "isee.pdf", UploadKind.Pdf, Pdf)], "Ecco l'ISEE", Now.AddDays(1));

        Assert.Equal(request.Id, Assert.Single(added).DocumentRequestId);
        Assert.Equal(DocumentRequestStatus.Answered, request.Status);
        Assert.Equal(ApplicationStatus.InReview, application.Status);
        var closed = Assert.Throws<DomainException>(() => application.AnswerDocumentRequest(request.Id, [("doc-1", "isee.pdf", UploadKind.Pdf, Pdf)], null, Now.AddDays(2)));
        Assert.Contains("già chiusa", closed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extend_MovesTheDeadlineForwardOnly_AndOverdueIsComputedFromIt()
    {
        var application = In(ApplicationStatus.DocumentsRequested);
        var request = application.OpenDocumentRequest!;
        Assert.True(request.IsOverdueAt(request.DueAt));
        Assert.Throws<DomainException>(() => application.ExtendDocumentRequest(request.Id, request.DueAt.AddDays(-1), Now));

        application.ExtendDocumentRequest(request.Id, request.DueAt.AddDays(5), request.DueAt.AddHours(1));

        Assert.False(request.IsOverdueAt(request.DueAt.AddDays(-1)));
        Assert.Equal(1, request.Extensions);
    }

    [Fact]
    public void NotAdmitted_NeedsAReason_AndReopenKeepsThePreviousDecision()
    {
        var application = In(ApplicationStatus.InReview);
        var ex = Assert.Throws<DomainException>(() => application.Decide(DecisionOutcome.NotAdmitted, [], " ", Staff, Now));
        Assert.Contains(ex.Errors, e => e.Field == "Reasons");

        var first = application.Decide(DecisionOutcome.NotAdmitted, ["ISEE superiore alla soglia del bando"], null, Staff, Now);
        Assert.Throws<DomainException>(() => application.Reopen(" ", Staff, Now));
        application.Reopen("ISEE ricalcolato dall'INPS", Staff, Now.AddDays(1));
        var second = application.Decide(DecisionOutcome.Admitted, [], null, Staff, Now.AddDays(2));

        Assert.Equal(2, application.Decisions.Count);
        Assert.False(first.IsCurrent);
        Assert.Equal("ISEE ricalcolato dall'INPS", first.ReopenReason);
        Assert.Same(second, application.CurrentDecision);
    }

    [Fact]
    public void TakeInCharge_RecordsTheReviewer_AndAnotherReviewerCannotTakeItOver()
    {
        var application = In(ApplicationStatus.Submitted);
        application.TakeInCharge(Staff, Now);
        Assert.Equal(Staff, application.ReviewerId);

        Assert.Throws<DomainException>(() => application.TakeInCharge(Guid.NewGuid(), Now));
        var other = Guid.NewGuid();
        application.AssignReviewer(other, Now);
        Assert.Equal(other, application.ReviewerId);
    }

    [Fact]
    public void TakeInCharge_OfASubmittedApplicationAssignedToAColleague_IsRefused_TheAssigneeTakesIt()
    {
        var application = In(ApplicationStatus.Submitted);
        var assignee = Guid.NewGuid();
        application.AssignReviewer(assignee, Now);

        Assert.Throws<DomainException>(() => application.TakeInCharge(Staff, Now));
        Assert.Equal((ApplicationStatus.Submitted, (Guid?)assignee), (application.Status, application.ReviewerId));
        application.TakeInCharge(assignee, Now);
        Assert.Equal((ApplicationStatus.InReview, (Guid?)assignee), (application.Status, application.ReviewerId));
    }

    private static Application Draft()
    {
        var application = Application.StartDraft(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), new ApplicantSection { GivenName = "Maria", FamilyName = "Rossi" }, Now);
        application.UpdateHousehold(new HouseholdSection { Children = [new ChildEntry { GivenName = "Lucia", FiscalCode = "RSSLCU22A41F205X", BirthDate = new DateOnly(2022, 1, 1) }] }, Now);
        return application;
    }

    /// <summary>An application brought to <paramref name="status"/> through the named methods only.</summary>
    private static Application In(ApplicationStatus status)
    {
        var application = Draft();
        var path = status switch
        {
            ApplicationStatus.Draft => [],
            ApplicationStatus.Submitted or ApplicationStatus.Withdrawn => [ApplicationStatus.Submitted],
            ApplicationStatus.InReview or ApplicationStatus.DocumentsRequested or ApplicationStatus.Admitted or ApplicationStatus.NotAdmitted => [ApplicationStatus.Submitted, ApplicationStatus.InReview],
            _ => new List<ApplicationStatus> { ApplicationStatus.Submitted, ApplicationStatus.InReview, ApplicationStatus.Admitted },
        };
        path = status switch
        {
            ApplicationStatus.Funded or ApplicationStatus.Renounced or ApplicationStatus.Revoked => [.. path, ApplicationStatus.Funded],
            ApplicationStatus.WaitingList => [.. path, ApplicationStatus.WaitingList],
            _ => path,
        };
        foreach (var step in path.Append(status).Where(s => s != ApplicationStatus.Draft).Distinct())
        {
            Attempt(application, step);
        }

        return application;
    }

    /// <summary>The named method that leads to <paramref name="to"/>, called whatever the current status.</summary>
    private static void Attempt(Application a, ApplicationStatus to)
    {
        switch (to)
        {
            case ApplicationStatus.Draft:
                throw new DomainException("Nessun metodo riporta una domanda in bozza.");
            case ApplicationStatus.Submitted:
                a.Submit(Guid.NewGuid(), "2026/000001", Guid.NewGuid(), Now);
                break;
            case ApplicationStatus.InReview when a.Status == ApplicationStatus.Submitted:
                a.TakeInCharge(Staff, Now);
                break;
            case ApplicationStatus.InReview when a.Status == ApplicationStatus.DocumentsRequested:
                a.AnswerDocumentRequest(a.OpenDocumentRequest!.Id, [("doc-1", "isee.pdf", UploadKind.Pdf, Pdf)], null, Now);
                break;
            case ApplicationStatus.InReview:
                a.Reopen("Correzione", Staff, Now);
                break;
            case ApplicationStatus.DocumentsRequested:
                a.RequestDocuments([new RequestedItem("doc-1", "Attestazione ISEE")], "Serve l'ISEE aggiornato", Now.AddDays(10), Staff, Now);
                break;
            case ApplicationStatus.Admitted:
                a.Decide(DecisionOutcome.Admitted, [], null, Staff, Now);
                break;
            case ApplicationStatus.NotAdmitted:
                a.Decide(DecisionOutcome.NotAdmitted, ["ISEE superiore alla soglia del bando"], null, Staff, Now);
                break;
            case ApplicationStatus.Funded:
                a.MarkFunded(ApplicationActor.System, Guid.Empty, Now);
                break;
            case ApplicationStatus.WaitingList:
                a.MarkWaitlisted(ApplicationActor.System, Guid.Empty, Now);
                break;
            case ApplicationStatus.Renounced:
                a.Renounce(Now, "Non serve più");
                break;
            case ApplicationStatus.Revoked:
                a.Revoke(Staff, Now, "Dichiarazione non veritiera");
                break;
            case ApplicationStatus.Withdrawn:
                a.Withdraw(a.FamilyUserId, Now, null);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(to));
        }
    }
}
