/* Board papers search. Loads only the index files a query needs, with plain <script> tags, so it works on a
 * web server and from the offline copy opened from disk (file://), where fetch() and web workers are blocked.
 * Every index file calls bpSearchAdd(key, data); see boardpapers/search.py for the layout. The tokeniser and
 * ranking here must match search.py (tests/test_search.py checks both on the same text). */
(function () {
  "use strict";

  var script = document.currentScript;
  // The site root, from this script's own address: assets/javascripts/search.js is two folders down.
  var ROOT = script ? script.src.replace(/assets\/javascripts\/search\.js([?#].*)?$/, "") : "";
  var store = {};
  var pending = {};

  window.bpSearchAdd = function (key, data) {
    store[key] = data;
  };

  /* Load search/<key>.js once; resolve with what it registered. */
  function load(key) {
    if (Object.prototype.hasOwnProperty.call(store, key)) {
      return Promise.resolve(store[key]);
    }
    if (!pending[key]) {
      pending[key] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = ROOT + "search/" + key + ".js";
        tag.onload = function () {
          if (Object.prototype.hasOwnProperty.call(store, key)) {
            resolve(store[key]);
          } else {
            reject(new Error(tag.src));
          }
        };
        tag.onerror = function () {
          delete pending[key];
          reject(new Error(tag.src));
        };
        document.head.appendChild(tag);
      });
    }
    return pending[key];
  }

  /* Lower-case and drop accents (as search.fold). */
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* A tiny plural stemmer (as search.stem). */
  function stem(word) {
    if (word.length > 4 && /ies$/.test(word)) {
      return word.slice(0, -3) + "y";
    }
    if (word.length > 3 && /s$/.test(word) && !/(ss|us|is)$/.test(word)) {
      return word.slice(0, -1);
    }
    return word;
  }

  /* Index terms of a text (as search.terms). */
  function terms(text, stop) {
    var out = [];
    (fold(text).match(/[a-z0-9]+/g) || []).forEach(function (word) {
      if (word.length > 1 && !stop.has(word)) {
        out.push(stem(word));
      }
    });
    return out;
  }

  /* A paper's text for its snippet: doc.z is raw DEFLATE in base64 (search.pack), inflated by the browser's own
   * DecompressionStream (no fetch, so it works from disk too). A browser without it shows no snippet. */
  async function text(doc) {
    if (typeof DecompressionStream === "undefined") {
      return "";
    }
    var bytes = Uint8Array.from(atob(doc.z), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).text();
  }

  /* Base-36 gaps with optional '.weight' -> Map(doc id -> weight). */
  function decode(text) {
    var out = new Map();
    var doc = 0;
    (text ? text.split(",") : []).forEach(function (part) {
      var dot = part.indexOf(".");
      doc += parseInt(dot < 0 ? part : part.slice(0, dot), 36);
      out.set(doc, dot < 0 ? 1 : parseInt(part.slice(dot + 1), 36));
    });
    return out;
  }

  /* The shard holding a term: the longest of its prefixes that names a shard. */
  function shardFor(term, shards) {
    for (var length = term.length; length > 0; length -= 1) {
      if (shards.has(term.slice(0, length))) {
        return term.slice(0, length);
      }
    }
    return null;
  }

  function intersect(scores, found) {
    var out = new Map();
    scores.forEach(function (score, doc) {
      if (found.has(doc)) {
        out.set(doc, score + found.get(doc));
      }
    });
    return out;
  }

  /* Papers of the chosen filter values: a union within a kind, an intersection across kinds. */
  async function filtered(filters) {
    var result = null;
    for (var kind of Object.keys(filters).sort()) {
      var values = filters[kind];
      if (!values.length) {
        continue;
      }
      var lists = await Promise.all(values.map(function (value) {
        return load("facets/" + kind + "/" + value);
      }));
      var union = new Map();
      lists.forEach(function (list) {
        decode(list).forEach(function (_, doc) { union.set(doc, 0); });
      });
      result = result === null ? union : intersect(result, union);
    }
    return result;
  }

  /* Run a query: {ids: best first, words: the terms searched, missing: terms in no paper}. */
  async function run(query, filters) {
    var meta = await load("meta");
    var stop = new Set(meta.stop);
    var shards = new Set(meta.shards);
    var words = Array.from(new Set(terms(query, stop)));
    var scores = null;
    var missing = [];
    var postings = await Promise.all(words.map(function (word) {
      var shard = shardFor(word, shards);
      return shard === null ? Promise.resolve({}) : load("terms/" + shard);
    }));
    words.forEach(function (word, i) {
      var found = Object.prototype.hasOwnProperty.call(postings[i], word) ? decode(postings[i][word]) : new Map();
      if (!found.size) {
        missing.push(word);
      }
      scores = scores === null ? found : intersect(scores, found);
    });
    var allowed = await filtered(filters);
    if (scores === null) {
      scores = allowed || new Map();
    } else if (allowed !== null) {
      scores = intersect(scores, allowed);
    }
    var ids = Array.from(scores.keys()).sort(function (a, b) {
      return scores.get(b) - scores.get(a) || a - b;
    });
    return {ids: ids, words: words, missing: missing, page: meta.page};
  }

  /* Append `text` to `parent`, each word whose term is searched wrapped in <mark>. */
  function marked(parent, text, wanted) {
    var last = 0;
    var word = /[\p{L}\p{N}]+/gu;
    var match;
    while ((match = word.exec(text)) !== null) {
      if (wanted.has(stem(fold(match[0])))) {
        parent.appendChild(document.createTextNode(text.slice(last, match.index)));
        var mark = document.createElement("mark");
        mark.textContent = match[0];
        parent.appendChild(mark);
        last = match.index + match[0].length;
      }
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /* Where the first searched word is in the text (-1 if none). */
  function firstMatch(text, wanted) {
    var word = /[\p{L}\p{N}]+/gu;
    var match;
    while ((match = word.exec(text)) !== null) {
      if (wanted.has(stem(fold(match[0])))) {
        return match.index;
      }
    }
    return -1;
  }

  /* A paragraph of about 240 characters around the first match, matches highlighted. */
  function snippet(text, wanted) {
    var at = firstMatch(text, wanted);
    var start = Math.max(0, at - 80);
    if (start > 0) {
      start = text.indexOf(" ", start) + 1;
    }
    var end = Math.min(text.length, start + 240);
    var space = text.lastIndexOf(" ", end);
    if (end < text.length && space > Math.max(start, at)) {
      end = space;  // end on a word boundary, after the match
    }
    var p = document.createElement("p");
    p.className = "bp-result-snippet";
    if (start > 0) {
      p.appendChild(document.createTextNode("… "));
    }
    marked(p, text.slice(start, end), wanted);
    if (end < text.length) {
      p.appendChild(document.createTextNode(" …"));
    }
    return p;
  }

  /* A page link that also works from disk, where a folder does not open its index.html. */
  function pageHref(url) {
    var href = ROOT + url;
    return location.protocol === "file:" && /\/$/.test(href) ? href + "index.html" : href;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  /* One result: title link, meeting, agenda item, themes, snippet (from the paper's unpacked text). */
  function result(doc, body, wanted) {
    var item = element("li", "bp-result");
    var heading = element("h3", "bp-result-title");
    var link = element("a", "", doc.t);
    link.href = pageHref(doc.u);
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = element("p", "bp-result-meta");
    meta.appendChild(element("span", "bp-result-meeting", doc.m));
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(element("span", "bp-result-item", doc.i ? "Agenda item " + doc.i : "Agenda item not stated"));
    if (doc.h.length) {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(element("span", "bp-result-themes", doc.h.join(", ")));
    }
    item.appendChild(meta);
    if (body) {
      item.appendChild(snippet(body, wanted));
    }
    return item;
  }

  function plural(count, noun) {
    return count + " " + noun + (count === 1 ? "" : "s");
  }

  /* The status line read out to screen readers after each search. */
  function describe(found, query, filtering) {
    var about = query ? " for “" + query + "”" : "";
    var filter = filtering ? " with the chosen filters" : "";
    if (!found.words.length && !filtering) {
      return query ? "Type a word of two or more letters; common words such as “the” are not searched." : "";
    }
    if (!found.ids.length) {
      return found.missing.length ? "No paper contains “" + found.missing.join("”, “") + "”." :
        "No papers found" + about + filter + ".";
    }
    return plural(found.ids.length, "paper") + " found" + about + filter + ".";
  }

  function Page(form) {
    this.form = form;
    this.input = form.querySelector("input[name=q]");
    this.status = document.getElementById("bp-search-status");
    this.list = document.getElementById("bp-search-results");
    this.more = element("button", "bp-search-more md-button", "Show more results");
    this.more.type = "button";
    this.more.hidden = true;
    this.list.parentNode.insertBefore(this.more, this.list.nextSibling);
    this.generation = 0;
    this.found = null;
    this.shown = 0;
  }

  Page.prototype.filters = function () {
    var out = {};
    this.form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      out[box.name] = out[box.name] || [];
      if (box.checked) {
        out[box.name].push(box.value);
      }
    });
    return out;
  };

  /* Fill the form from the address (?q=...&theme=...), as a submitted form or a bookmark gives it. */
  Page.prototype.restore = function () {
    var params = new URLSearchParams(location.search);
    this.input.value = params.get("q") || "";
    this.form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      box.checked = params.getAll(box.name).indexOf(box.value) >= 0;
    });
  };

  /* Keep the address in step with the form, where the browser allows it (not always on file://). */
  Page.prototype.remember = function () {
    var params = new URLSearchParams(new FormData(this.form));
    try {
      history.replaceState(null, "", "?" + params.toString());
    } catch (error) {
      // Some browsers refuse to change a file:// address; the search still works.
    }
  };

  Page.prototype.search = async function () {
    var generation = (this.generation += 1);
    var query = this.input.value.trim();
    var filters = this.filters();
    var filtering = Object.keys(filters).some(function (k) { return filters[k].length; });
    this.list.textContent = "";
    this.more.hidden = true;
    if (!query && !filtering) {
      this.status.textContent = "";
      return;
    }
    this.status.textContent = "Searching…";
    try {
      var found = await run(query, filters);
      if (generation !== this.generation) {
        return;  // a newer search has started
      }
      this.found = found;
      this.shown = 0;
      this.status.textContent = describe(found, query, filtering);
      await this.showMore(false);
    } catch (error) {
      this.status.textContent = "Search could not load its index (" + error.message + "). Try again, or " +
        "browse the meetings and themes pages.";
    }
  };

  /* Show the next page of results, loading only those papers' files. */
  Page.prototype.showMore = async function (focus) {
    var found = this.found;
    var generation = this.generation;
    var ids = found.ids.slice(this.shown, this.shown + found.page);
    var docs = await Promise.all(ids.map(function (id) { return load("docs/" + id); }));
    var bodies = await Promise.all(docs.map(text));
    if (generation !== this.generation) {
      return;
    }
    var wanted = new Set(found.words);
    var items = docs.map(function (doc, i) { return result(doc, bodies[i], wanted); });
    items.forEach(function (item) { this.list.appendChild(item); }, this);
    this.shown += ids.length;
    this.more.hidden = this.shown >= found.ids.length;
    if (focus && items.length) {
      items[0].querySelector("a").focus();
    }
  };

  Page.prototype.start = function () {
    var page = this;
    var nojs = document.getElementById("bp-search-nojs");
    if (nojs) {
      nojs.hidden = true;
    }
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      page.remember();
      page.search();
    });
    this.form.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") {
        page.remember();
        page.search();
      }
    });
    this.more.addEventListener("click", function () {
      page.showMore(true);
    });
    this.restore();
    this.search();
  };

  function init() {
    var form = document.getElementById("bp-search-form");
    if (form) {
      new Page(form).start();
    }
  }

  // Exposed for tests: the same tokeniser and query the page uses.
  window.bpSearch = {terms: terms, run: run, load: load, text: text};

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
