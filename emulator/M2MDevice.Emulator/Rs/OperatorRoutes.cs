using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using M2MDevice.Emulator.Auc;
using M2MDevice.Emulator.Hosting;
using M2MDevice.Emulator.Pki;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace M2MDevice.Emulator.Rs
{
    /// <summary>
    /// The bearer-token routes of one operator server (RS, a home operator): every handler runs only for a known token
    /// of the endpoint's role, JSON handlers get a body holding only their fields, and the routes both servers have
    /// (CA certificate, visited-operator registration, SendAuthenticationInfo) are mapped once here.
    /// </summary>
    /// <typeparam name="TPrincipal">The server's authenticated caller.</typeparam>
    /// <typeparam name="TRole">The server's roles.</typeparam>
    internal sealed class OperatorRoutes<TPrincipal, TRole>
        where TPrincipal : class, IOperatorPrincipal<TRole>
        where TRole : struct, Enum
    {
        private static readonly string[] NameFields = { "name" };

        private static readonly string[] AuthenticationInfoFields = { "imsi", "count", "rand", "auts" };

        private readonly Func<string, TPrincipal> authenticate;
        private readonly string unknownTokenDetail;

        private OperatorRoutes(Func<string, TPrincipal> authenticate, string unknownTokenDetail)
        {
            this.authenticate = authenticate;
            this.unknownTokenDetail = unknownTokenDetail;
        }

        /// <summary>
        /// Maps the routes every operator server has: GET /pki/v1/ca.pem, POST /admin/v1/visited-operators for
        /// <paramref name="adminRole"/> and the roaming SendAuthenticationInfo for <paramref name="visitedOperatorRole"/>;
        /// returns the routes for the server's own endpoints. <paramref name="unknownTokenDetail"/> explains a 401
        /// "invalid-token".
        /// </summary>
        public static OperatorRoutes<TPrincipal, TRole> MapShared<TRegistration>(
            IEndpointRouteBuilder app, EmulatorCa ca, IOperatorService<TPrincipal, TRegistration> service, string unknownTokenDetail, TRole adminRole, TRole visitedOperatorRole)
            where TRegistration : ICallerRegistration
        {
            ArgumentNullException.ThrowIfNull(app);
            ArgumentNullException.ThrowIfNull(ca);
            ArgumentNullException.ThrowIfNull(service);
            var routes = new OperatorRoutes<TPrincipal, TRole>(service.Authenticate, unknownTokenDetail);
            app.MapGet("/pki/v1/ca.pem", context => Results.Text(ca.ExportPem(), "application/x-pem-file").ExecuteAsync(context));
            routes.MapRegistration(app, "/admin/v1/visited-operators", adminRole, service.RegisterVisitedOperator, r => new { visitedOperatorId = r.Id, ind = r.Ind, token = r.Token });
            app.MapPost("/" + AuthenticationInfoEndpoint.Path, context => routes.HandleJson(context, visitedOperatorRole, AuthenticationInfoFields, (principal, body) =>
                AuthenticationInfoEndpoint.Handle(body, (imsi, count, rand, auts) => service.SendAuthenticationInfo(principal, imsi, count, rand, auts))));
            return routes;
        }

        /// <summary>
        /// Maps POST <paramref name="path"/> for <paramref name="role"/>: a JSON body with only "name" (1..100
        /// characters) registers a caller; 201 with <paramref name="registrationJson"/> of the registration.
        /// </summary>
        public void MapRegistration<TRegistration>(IEndpointRouteBuilder app, string path, TRole role, Func<string, RsResult<TRegistration>> register, Func<TRegistration, object> registrationJson)
        {
            app.MapPost(path, context => this.HandleJson(context, role, NameFields, (principal, body) =>
            {
                if (!body.TryGetString("name", true, 100, out string name, out ApiError error))
                {
                    return error.ToResult();
                }

                return OperatorEndpoints.Created(register(name), registrationJson);
            }));
        }

        /// <summary>
        /// Authenticates the bearer token (401 "missing-token", "malformed-token", "invalid-token"), checks the
        /// caller's role (403 "wrong-role"), then answers what <paramref name="handler"/> returns.
        /// </summary>
        public async Task Handle(HttpContext context, TRole role, Func<TPrincipal, Task<IResult>> handler)
        {
            string token = BearerToken.Read(context.Request, out ApiError error);
            if (token == null)
            {
                await error.ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            TPrincipal principal = this.authenticate(token);
            if (principal == null)
            {
                await ApiError.Unauthorized("invalid-token", this.unknownTokenDetail).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            if (!EqualityComparer<TRole>.Default.Equals(principal.Role, role))
            {
                await ApiError.Forbidden("wrong-role", $"this endpoint is for the {role} role; the token belongs to a {principal.Role}").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            IResult result = await handler(principal).ConfigureAwait(false);
            await result.ExecuteAsync(context).ConfigureAwait(false);
        }

        /// <summary>As the asynchronous overload, for a synchronous handler.</summary>
        public Task Handle(HttpContext context, TRole role, Func<TPrincipal, IResult> handler)
        {
            return this.Handle(context, role, principal => Task.FromResult(handler(principal)));
        }

        /// <summary>
        /// As <see cref="Handle(HttpContext, TRole, Func{TPrincipal, Task{IResult}})"/>, then reads the JSON body
        /// (400 for a malformed one) and refuses a field not in <paramref name="fields"/> before <paramref name="handler"/> runs.
        /// </summary>
        public Task HandleJson(HttpContext context, TRole role, string[] fields, Func<TPrincipal, JsonBody, Task<IResult>> handler)
        {
            return this.Handle(context, role, async principal =>
            {
                (JsonBody body, ApiError error) = await JsonBody.ReadAsync(context.Request).ConfigureAwait(false);
                if (error != null || (error = body.RejectUnknown(fields)) != null)
                {
                    return error.ToResult();
                }

                return await handler(principal, body).ConfigureAwait(false);
            });
        }

        /// <summary>As the asynchronous overload, for a synchronous handler.</summary>
        public Task HandleJson(HttpContext context, TRole role, string[] fields, Func<TPrincipal, JsonBody, IResult> handler)
        {
            return this.HandleJson(context, role, fields, (principal, body) => Task.FromResult(handler(principal, body)));
        }
    }
}
