using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace ScalekitReadiness.TestDeployment;

/// <summary>The plain-HTTP listener: it only redirects to the HTTPS app listener, unless a fault says otherwise.</summary>
internal static class PlainHttpEndpoints
{
    /// <summary>The routes of the plain-HTTP listener, given those of the HTTPS app listener.</summary>
    public static RouteTable CreateRoutes(DeploymentState state, RouteTable appRoutes)
    {
        if (state.Has(Faults.HttpServesContent))
        {
            return appRoutes;
        }

        return new RouteTable().MapFallback(context =>
        {
            // The URLs are read per request: they are known only once every listener is bound.
            string httpsBase = state.Has(Faults.HttpRedirectsElsewhere) ? state.Urls.ForeignBaseUrl : state.Urls.AppBaseUrl;
            Respond.Redirect(context, StatusCodes.Status301MovedPermanently, httpsBase + context.Request.GetEncodedPathAndQuery());
            return Task.CompletedTask;
        });
    }
}
