using System.Text.RegularExpressions;
using Commerce.DevHost.Functions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;

namespace Commerce.DevHost.OpenApi;

/// <summary>
/// Describes every HTTP function in the OpenAPI document: the dev host maps functions as plain request delegates,
/// which API Explorer does not see, so the operations are written here from the same catalog that maps them.
/// </summary>
public sealed partial class FunctionsOpenApiTransformer(FunctionCatalog catalog) : IOpenApiDocumentTransformer
{
    const string KeyScheme = "functionKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Commerce Functions";
        document.Info.Description = "Every HTTP function of the Catalog, Cart, Orders and Analytics apps, as served by the dev host.";
        document.Paths ??= [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[KeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "x-functions-key",
            Description = "Function key (admin routes). The query parameter `code` works too.",
        };

        foreach (var function in catalog.OfKind(TriggerKind.Http))
        {
            var path = "/" + HttpFunctionEndpoints.RoutePrefix + "/" + ConstraintPattern().Replace(function.Route!, "{$1}");
            if (!document.Paths.TryGetValue(path, out var item))
            {
                item = new OpenApiPathItem();
                document.Paths[path] = item;
            }

            var pathItem = (OpenApiPathItem)item;
            pathItem.Operations ??= [];
            foreach (var method in function.HttpMethods)
            {
                pathItem.Operations[new HttpMethod(method)] = Operation(document, function);
            }
        }

        return Task.CompletedTask;
    }

    static OpenApiOperation Operation(OpenApiDocument document, FunctionDescriptor function)
    {
        var operation = new OpenApiOperation
        {
            OperationId = function.Name,
            Summary = $"{function.Name} ({function.App} app)",
            Tags = new HashSet<OpenApiTagReference> { new(function.App, document) },
            Parameters = RoutePatternFactory.Parse(function.Route!).Parameters
                .Select(p => (IOpenApiParameter)new OpenApiParameter
                {
                    Name = p.Name,
                    In = ParameterLocation.Path,
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                })
                .ToList(),
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse { Description = "Success." },
                ["400"] = new OpenApiResponse { Description = "Problem details (application/problem+json)." },
            },
        };

        if (function.AuthLevel is AuthorizationLevel.Function or AuthorizationLevel.Admin)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(KeyScheme, document)] = [] }];
            operation.Responses["401"] = new OpenApiResponse { Description = "Missing or wrong function key." };
        }

        return operation;
    }

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex ConstraintPattern();
}
