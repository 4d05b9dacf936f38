// A self-contained page that renders /openapi.json: routes grouped by tag, schemas as
// expandable trees. No CDN, no external script: it works on a gate's isolated network.

/** Inline script and style only; nothing may load from elsewhere. */
export const DOCS_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  "style-src 'unsafe-inline'",
  "connect-src 'self'",
].join('; ')

export const DOCS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GreenGate API</title>
<style>
  body {
    font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 960px; padding: 1rem;
    color: #1b1f23;
  }
  h1 { margin-bottom: 0.2rem; }
  h2 { border-bottom: 1px solid #ddd; margin-top: 2rem; text-transform: capitalize; }
  #filter { width: 100%; padding: 0.5rem; font-size: 1rem; margin: 1rem 0; box-sizing: border-box; }
  details.op { border: 1px solid #ddd; border-radius: 6px; margin: 0.4rem 0; }
  details.op > summary { padding: 0.5rem; cursor: pointer; }
  details.op > div { padding: 0 0.8rem 0.8rem; }
  .method { display: inline-block; width: 4.2rem; font-weight: 700; text-transform: uppercase; }
  .get { color: #0a6b2d; } .post { color: #8a4b00; }
  .put, .patch { color: #1d4ed8; } .delete { color: #b91c1c; }
  .access {
    float: right; margin-left: 0.5rem; font-size: 0.8rem; background: #eef; border-radius: 4px;
    padding: 0 0.4rem;
  }
  code, .type { font-family: ui-monospace, monospace; font-size: 0.9em; }
  .type { color: #6b21a8; } .req { color: #b91c1c; } .note { color: #555; font-size: 0.85em; }
  ul.tree {
    list-style: none; padding-left: 1.1rem; margin: 0.2rem 0; border-left: 1px dotted #ccc;
  }
  h4 { margin: 0.8rem 0 0.3rem; }
</style>
</head>
<body>
<h1 id="title">GreenGate API</h1>
<div id="info" class="note">Loading /openapi.json ...</div>
<input id="filter" type="search" placeholder="Filter by path, summary or tag">
<main id="routes"></main>
<script>
(function () {
  'use strict'
  function el(tag, cls, text) {
    var node = document.createElement(tag)
    if (cls) node.className = cls
    if (text !== undefined) node.textContent = text
    return node
  }
  var doc = null
  function resolve(schema) {
    if (schema && schema.$ref && doc) {
      var parts = schema.$ref.replace(/^#\\//, '').split('/')
      var target = doc
      for (var i = 0; i < parts.length; i++) target = target ? target[parts[i]] : undefined
      return target || schema
    }
    return schema
  }
  function constraints(s) {
    var notes = []
    var keys = ['format', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems',
      'maxItems', 'default', 'description']
    keys.forEach(function (k) {
      // zod marks every integer with the safe-integer range: noise, not a constraint.
      var unsafe = typeof s[k] === 'number' && Math.abs(s[k]) >= 9007199254740991
      if (s[k] === undefined || unsafe) return
      notes.push(k + ': ' + JSON.stringify(s[k]))
    })
    return notes.join(', ')
  }
  /** The other option of a two-way choice with null, or null. */
  function nullable(options) {
    if (options.length !== 2) return null
    var isNull = function (o) { return o && o.type === 'null' }
    return isNull(options[0]) ? options[1] : isNull(options[1]) ? options[0] : null
  }
  function render(schema, depth) {
    var s = resolve(schema) || {}
    var wrap = el('span')
    if (s.properties) {
      var box = el('details')
      if (depth < 1) box.open = true
      box.appendChild(el('summary', 'type', 'object'))
      var list = el('ul', 'tree')
      var required = s.required || []
      Object.keys(s.properties).forEach(function (name) {
        var item = el('li')
        item.appendChild(el('code', '', name))
        if (required.indexOf(name) >= 0) item.appendChild(el('span', 'req', ' *'))
        item.appendChild(document.createTextNode(': '))
        item.appendChild(render(s.properties[name], depth + 1))
        list.appendChild(item)
      })
      box.appendChild(list)
      wrap.appendChild(box)
    } else if (s.type === 'array' && s.items) {
      wrap.appendChild(el('span', 'type', 'array of '))
      wrap.appendChild(render(s.items, depth))
    } else if ((s.anyOf || s.oneOf) && nullable(s.anyOf || s.oneOf)) {
      wrap.appendChild(render(nullable(s.anyOf || s.oneOf), depth))
      wrap.appendChild(el('span', 'type', ' | null'))
    } else if (s.anyOf || s.oneOf) {
      var options = s.anyOf || s.oneOf
      var alt = el('details')
      alt.appendChild(el('summary', 'type', 'one of ' + options.length))
      var alts = el('ul', 'tree')
      options.forEach(function (o) {
        var li = el('li')
        li.appendChild(render(o, depth + 1))
        alts.appendChild(li)
      })
      alt.appendChild(alts)
      wrap.appendChild(alt)
    } else if (s.enum) {
      var values = s.enum.map(function (v) { return JSON.stringify(v) })
      wrap.appendChild(el('span', 'type', values.join(' | ')))
    } else if (s.const !== undefined) {
      wrap.appendChild(el('span', 'type', JSON.stringify(s.const)))
    } else {
      wrap.appendChild(el('span', 'type', s.type ? String(s.type) : 'any'))
    }
    var notes = constraints(s)
    if (notes) wrap.appendChild(el('span', 'note', ' (' + notes + ')'))
    return wrap
  }
  function operation(path, method, op) {
    var box = el('details', 'op')
    if (op.operationId) box.id = op.operationId
    var words = [method, path, op.summary || ''].concat(op.tags || [])
    box.dataset.search = words.join(' ').toLowerCase()
    var summary = el('summary')
    // Floated first, so the badge sits on the first line however long the summary.
    summary.appendChild(el('span', 'access', op['x-access'] || ''))
    summary.appendChild(el('span', 'method ' + method, method))
    summary.appendChild(el('code', '', path))
    summary.appendChild(document.createTextNode(' ' + (op.summary || '')))
    box.appendChild(summary)
    var body = el('div')
    if (op.parameters) {
      body.appendChild(el('h4', '', 'Parameters'))
      var list = el('ul', 'tree')
      op.parameters.forEach(function (p) {
        var li = el('li')
        li.appendChild(el('code', '', p.name))
        li.appendChild(el('span', 'note', ' (' + p.in + (p.required ? ', required' : '') + ') '))
        li.appendChild(render(p.schema, 1))
        list.appendChild(li)
      })
      body.appendChild(list)
    }
    if (op.requestBody) {
      body.appendChild(el('h4', '', 'Request body (application/json)'))
      body.appendChild(render(op.requestBody.content['application/json'].schema, 0))
    }
    body.appendChild(el('h4', '', 'Responses'))
    var responses = el('ul', 'tree')
    Object.keys(op.responses).forEach(function (status) {
      var r = op.responses[status]
      var li = el('li')
      li.appendChild(el('strong', '', status + ' '))
      li.appendChild(document.createTextNode(r.description + ' '))
      var content = r.content || {}
      Object.keys(content).forEach(function (type) {
        li.appendChild(el('span', 'note', type + ' '))
        li.appendChild(render(content[type].schema, 1))
      })
      responses.appendChild(li)
    })
    body.appendChild(responses)
    box.appendChild(body)
    return box
  }
  function show(loaded) {
    doc = loaded
    document.getElementById('title').textContent = doc.info.title + ' ' + doc.info.version
    document.getElementById('info').textContent = doc.info.description
    var main = document.getElementById('routes')
    var byTag = {}
    Object.keys(doc.paths).forEach(function (path) {
      Object.keys(doc.paths[path]).forEach(function (method) {
        var op = doc.paths[path][method]
        var tag = (op.tags && op.tags[0]) || 'other'
        ;(byTag[tag] = byTag[tag] || []).push(operation(path, method, op))
      })
    })
    Object.keys(byTag).sort().forEach(function (tag) {
      var section = el('section')
      section.appendChild(el('h2', '', tag))
      byTag[tag].forEach(function (node) { section.appendChild(node) })
      main.appendChild(section)
    })
    // A link such as /docs#postVerify opens that route.
    var target = location.hash ? document.getElementById(location.hash.slice(1)) : null
    if (target) {
      target.open = true
      target.scrollIntoView()
    }
  }
  document.getElementById('filter').addEventListener('input', function (event) {
    var q = event.target.value.toLowerCase()
    document.querySelectorAll('details.op').forEach(function (node) {
      node.style.display = node.dataset.search.indexOf(q) >= 0 ? '' : 'none'
    })
  })
  fetch('/openapi.json').then(function (r) { return r.json() }).then(show, function (err) {
    document.getElementById('info').textContent = 'Could not load /openapi.json: ' + err
  })
})()
</script>
</body>
</html>
`
