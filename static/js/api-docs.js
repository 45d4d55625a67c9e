// The API's reference on the documentation page, drawn by Swagger UI (served by the site) from
// the schema: a file of its own, since the Content-Security-Policy refuses inline scripts.
window.addEventListener("DOMContentLoaded", function () {
  var node = document.getElementById("swagger-ui");
  if (!node || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({
    url: node.dataset.schemaUrl,
    domNode: node,
    deepLinking: false,
    docExpansion: "list",
    defaultModelsExpandDepth: -1,
    supportedSubmitMethods: [],
    validatorUrl: null,
    syntaxHighlight: false,
  });
});
