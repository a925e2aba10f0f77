using Microsoft.AspNetCore.Mvc.Rendering;

namespace Conciliazione.Web.Pages.Admin.Users;

public interface IUserFormPage
{
    UserForm Input { get; }
    IReadOnlyList<SelectListItem> Municipalities { get; }
}
