using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Routing;

namespace Conciliazione.Web.Documents;

/// <summary>
/// Renders a Razor view (under Documents/Views) with its model to an HTML string, for the PDF
/// engine. Documents are plain HTML with their own CSS: no layout, no scripts.
/// </summary>
public sealed class RazorDocumentRenderer(IRazorViewEngine views, ITempDataProvider tempData, IServiceProvider services)
{
    public async Task<string> RenderAsync<TModel>(string viewPath, TModel model)
    {
        var http = new DefaultHttpContext { RequestServices = services };
        var actionContext = new ActionContext(http, new RouteData(), new ActionDescriptor());
        var found = views.GetView(executingFilePath: null, viewPath, isMainPage: true);
        if (!found.Success)
        {
            throw new InvalidOperationException("Document view not found: " + viewPath);
        }

        await using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var viewData = new ViewDataDictionary<TModel>(new EmptyModelMetadataProvider(), new ModelStateDictionary()) { Model = model };
        var context = new ViewContext(actionContext, found.View, viewData, new TempDataDictionary(http, tempData), writer, new HtmlHelperOptions());
        await found.View.RenderAsync(context);
        return writer.ToString();
    }
}
