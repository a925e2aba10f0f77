namespace Conciliazione.Web.Notifications;

/// <summary>A model for one event's notification: the data the template may show, nothing more.</summary>
public interface INotificationModel
{
    /// <summary>The record the message is about (part of the reminders' per-day key).</summary>
    Guid SubjectId { get; }
}

/// <summary>One event's message in Italian and English. One class per event in Templates/.</summary>
public interface INotificationTemplate
{
    string Kind { get; }

    Type ModelType { get; }

    /// <summary>The Italian title of the event, shown in lists before the message is rendered.</summary>
    string Title { get; }

    RenderedMail Render(INotificationModel model, MailLayout layout);
}

/// <inheritdoc />
public abstract class NotificationTemplate<TModel> : INotificationTemplate
    where TModel : class, INotificationModel
{
    public abstract string Kind { get; }

    public abstract string Title { get; }

    public Type ModelType => typeof(TModel);

    public RenderedMail Render(INotificationModel model, MailLayout layout) => layout.Render(Compose((TModel)model, layout));

    /// <summary>The content in the layout's language; every value goes through layout.Required/Money/Date.</summary>
    protected abstract MailContent Compose(TModel model, MailLayout layout);

    /// <summary>A sample model with every value set, for the template's render test and the docs.</summary>
    public abstract TModel Sample();
}
