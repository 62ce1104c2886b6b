namespace MatchModels.Serving.Observability;

/// <summary>A self-contained page at /docs that renders /openapi/v1.json: nothing is fetched from outside the host.</summary>
internal static class ApiDocsPage
{
    public const string Html = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>MatchModels scoring API</title>
        <style>
        body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
        .op{border:1px solid #ccc;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}
        .m{display:inline-block;min-width:4rem;font-weight:bold;color:#fff;border-radius:4px;padding:0 .4rem;text-align:center}
        .get{background:#2b7bb9}.post{background:#3a9a4a}
        code,pre{background:#f5f5f5;padding:.1rem .3rem;border-radius:3px;white-space:pre-wrap}
        </style></head>
        <body><h1 id="title">MatchModels scoring API</h1><p id="desc"></p>
        <p>Machine-readable description: <a href="/openapi/v1.json">/openapi/v1.json</a>. Metrics: <a href="/metrics">/metrics</a>.</p>
        <div id="ops">Loading…</div>
        <script>
        const esc = s => String(s ?? '').replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
        fetch('/openapi/v1.json').then(r => r.json()).then(doc => {
          document.getElementById('title').textContent = doc.info.title;
          document.getElementById('desc').textContent = doc.info.description ?? '';
          let html = '';
          for (const [path, item] of Object.entries(doc.paths)) {
            for (const [method, op] of Object.entries(item)) {
              if (!['get','post','put','delete'].includes(method)) continue;
              const params = (op.parameters ?? []).map(p => `<code>${esc(p.name)}</code> (${esc(p.in)})`).join(', ');
              const responses = Object.keys(op.responses ?? {}).join(', ');
              html += `<div class="op"><p><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code> ${esc(op.summary)}</p>` +
                (op.description ? `<p>${esc(op.description)}</p>` : '') +
                (params ? `<p>Parameters: ${params}</p>` : '') + `<p>Responses: ${esc(responses)}</p></div>`;
            }
          }
          document.getElementById('ops').innerHTML = html;
        }).catch(e => { document.getElementById('ops').textContent = 'Could not load the OpenAPI document: ' + e; });
        </script></body></html>
        """;
}
