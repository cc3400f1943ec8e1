using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace AgreementService.Publishing;

[AllowAnonymous, EnableCors(PublicAgreementsEndpoint.Policy)]
public static class EmbedScriptEndpoint
{
    /// <summary>
    /// Renders the current text of a public agreement into the page where the tag stands, with no other
    /// dependency: &lt;script src="https://…/embed.js" data-agreement="SLUG"&gt;&lt;/script&gt;. All text is set as text,
    /// never as markup. Style it through the classes agreement-embed, agreement-title, agreement-version,
    /// agreement-clauses, agreement-clause, clause-number, clause-heading and clause-text.
    /// </summary>
    public const string Script = """
        (function () {
          "use strict";
          var script = document.currentScript;
          if (!script) { return; }
          var slug = script.getAttribute("data-agreement");
          var origin = new URL(script.src, document.baseURI).origin;
          var target = element("div", "agreement-embed", "Loading the agreement…");
          target.setAttribute("aria-live", "polite");
          script.parentNode.insertBefore(target, script.nextSibling);
          if (!slug) { target.textContent = "The embed tag needs a data-agreement attribute naming the agreement."; return; }

          fetch(origin + "/public/agreements/" + encodeURIComponent(slug), { headers: { Accept: "application/json" } })
            .then(function (response) {
              if (!response.ok) { throw new Error("HTTP " + response.status); }
              return response.json();
            })
            .then(function (agreement) {
              target.textContent = "";
              target.setAttribute("data-version", agreement.version);
              target.appendChild(element("h2", "agreement-title", agreement.title));
              target.appendChild(element("p", "agreement-version", "Version " + agreement.version));
              target.appendChild(clauses(agreement.clauses));
            })
            .catch(function () { target.textContent = "The agreement could not be loaded just now."; });

          function clauses(list) {
            var ol = element("ol", "agreement-clauses");
            ol.style.listStyle = "none";
            list.forEach(function (clause) {
              var item = element("li", "agreement-clause");
              item.id = "clause-" + clause.id;
              var head = element("p", "clause-head");
              head.appendChild(element("span", "clause-number", clause.number));
              if (clause.heading) {
                head.appendChild(document.createTextNode(" "));
                head.appendChild(element("strong", "clause-heading", clause.heading));
              }
              item.appendChild(head);
              clause.text.split(/\n\s*\n/).forEach(function (paragraph) { item.appendChild(element("p", "clause-text", paragraph)); });
              if (clause.clauses && clause.clauses.length) { item.appendChild(clauses(clause.clauses)); }
              ol.appendChild(item);
            });
            return ol;
          }

          function element(tag, className, text) {
            var node = document.createElement(tag);
            node.className = className;
            if (text !== undefined) { node.textContent = text; }
            return node;
          }
        })();
        """;

    /// <summary>The embed script for partner sites.</summary>
    [WolverineGet("/embed.js", OperationId = "getEmbedScript")]
    [ProducesResponseType(typeof(string), 200, "text/javascript")]
    public static IResult Get(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.Text(Script, "text/javascript; charset=utf-8");
    }

    /// <summary>The headers GET would answer, without the script.</summary>
    [WolverineHead("/embed.js", OperationId = "headEmbedScript")]
    public static IResult Head(HttpContext context) => Get(context);
}
