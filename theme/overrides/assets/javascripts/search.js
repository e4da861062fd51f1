/* Board papers search. Loads only the index files a query needs, with plain <script> tags, so it works on a
 * web server and from the offline copy opened from disk (file://), where fetch(), WebAssembly and web workers
 * are blocked. Every index file calls bpSearchAdd(key, data); see boardpapers/outputs/search.py for the layout.
 * The tokeniser and the ranking here must match search.py (tests/test_search*.py check both on the same text).
 *
 * A query: its words are folded, stop words dropped and the rest stemmed (Porter, stemmer.js: the same
 * Snowball algorithm as the build). Documents with every word rank first, then those with some; each by BM25
 * (each word's stored weight times its idf) times the share of the words it has; among the first results a
 * document holding the words side by side as typed gets a bonus. A word no document holds is corrected to the
 * nearest indexed word (one edit from five letters, two from nine, or another form of it such as "stalker" for
 * "stalk"), and the status line says so. Filter counts are the current query's. */
(function () {
  "use strict";

  var script = document.currentScript;
  // The site root, from this script's own address: assets/javascripts/search.js is two folders down.
  var ROOT = script ? script.src.replace(/assets\/javascripts\/search\.js([?#].*)?$/, "") : "";
  var store = {};
  var pending = {};
  var stemmer = null;
  var stems = new Map();
  var texts = new Map();

  window.bpSearchAdd = function (key, data) {
    store[key] = data;
  };

  /* Load a script once (a plain <script> tag); resolve when it has run. */
  function loadScript(src, check) {
    if (!pending[src]) {
      pending[src] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = src;
        tag.onload = function () {
          if (check()) {
            resolve();
          } else {
            reject(new Error(src));
          }
        };
        tag.onerror = function () {
          delete pending[src];
          reject(new Error(src));
        };
        document.head.appendChild(tag);
      });
    }
    return pending[src];
  }

  /* Load search/<key>.js once; resolve with what it registered. */
  function load(key) {
    var has = function () { return Object.prototype.hasOwnProperty.call(store, key); };
    if (has()) {
      return Promise.resolve(store[key]);
    }
    return loadScript(ROOT + "search/" + key + ".js", has).then(function () { return store[key]; });
  }

  /* The Porter stemmer of stemmer.js (Snowball's, copied from the snowball-stemmers package). */
  function loadStemmer() {
    if (stemmer) {
      return Promise.resolve();
    }
    return loadScript(ROOT + "assets/javascripts/stemmer.js", function () {
      return typeof window.snowballFactory !== "undefined";
    }).then(function () {
      stemmer = window.snowballFactory.newStemmer("porter");
    });
  }

  /* Lower-case and drop accents (as search.fold). */
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* The Porter stem of a folded word (as search.stem). */
  function stem(word) {
    var found = stems.get(word);
    if (found === undefined) {
      found = stemmer.stem(word);
      stems.set(word, found);
    }
    return found;
  }

  var LONGEST = 64;  // search.py's LONGEST_WORD: longer words are not indexed

  /* The words of a text that are searched: folded, two to LONGEST letters or digits, not stop words. */
  function words(text, stop) {
    return (fold(text).match(/[a-z0-9]+/g) || []).filter(function (word) {
      return word.length > 1 && word.length <= LONGEST && !stop.has(word);
    });
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December"];

  /* A query with each date typed in numbers (2019-09-18, 18/09/2019, 18.9.2019) as the pages print dates
   * ("18 September 2019"): no page writes a month as a number. What is not a real date stays as typed. */
  function spelledDates(query) {
    function spell(whole, day, month, year) {
      var date = new Date(Date.UTC(+year, +month - 1, +day));
      var real = date.getUTCFullYear() === +year && date.getUTCMonth() === +month - 1 && date.getUTCDate() === +day;
      return real ? " " + +day + " " + MONTHS[+month - 1] + " " + year + " " : whole;
    }
    return query
      .replace(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g, function (whole, y, m, d) { return spell(whole, d, m, y); })
      .replace(/\b(\d{1,2})[\/.](\d{1,2})[\/.](\d{4})\b/g, function (whole, d, m, y) { return spell(whole, d, m, y); });
  }

  /* Index terms of a text (as search.terms). */
  function terms(text, stop) {
    return words(text, stop).map(stem);
  }

  /* A document's text for its snippet: doc.z is raw DEFLATE in base64 (search.pack), inflated by the browser's
   * own DecompressionStream (no fetch, so it works from disk too). A browser without it shows no snippet. */
  async function text(doc) {
    if (texts.has(doc)) {
      return texts.get(doc);
    }
    var out = "";
    if (typeof DecompressionStream !== "undefined") {
      var bytes = Uint8Array.from(atob(doc.z), function (c) { return c.charCodeAt(0); });
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
      out = await new Response(stream).text();
    }
    texts.set(doc, out);
    return out;
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

  /* The postings of a term (an empty Map when no document has it). */
  async function postingsOf(term, meta) {
    var shard = shardFor(term, new Set(meta.shards));
    var data = shard === null ? {} : await load("terms/" + shard);
    return Object.prototype.hasOwnProperty.call(data, term) ? decode(data[term]) : new Map();
  }

  /* BM25's inverse document frequency (as search.idf). */
  function idf(docs, found) {
    return Math.log(1 + (docs - found + 0.5) / (found + 0.5));
  }

  /* Edits (insert, delete, change, swap two neighbours) from a to b, or limit + 1 when more than limit. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) {
      return limit + 1;
    }
    var rows = [];
    for (var i = 0; i <= a.length; i += 1) {
      rows.push([i]);
    }
    for (var j = 1; j <= b.length; j += 1) {
      rows[0][j] = j;
    }
    for (i = 1; i <= a.length; i += 1) {
      var best = limit + 1;
      for (j = 1; j <= b.length; j += 1) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, rows[i - 2][j - 2] + 1);
        }
        rows[i][j] = value;
        best = Math.min(best, value);
      }
      if (best > limit) {
        return limit + 1;
      }
    }
    return rows[a.length][b.length];
  }

  /* Whether one term is the other with an ending the stemmer keeps (-er, -ist, ...): the shorter has four letters
   * or more, starts the longer, and is at most three letters shorter. */
  function related(a, b) {
    var short = a.length < b.length ? a : b;
    var long = a.length < b.length ? b : a;
    return short.length >= 4 && long.length - short.length <= 3 && long.slice(0, short.length) === short;
  }

  /* The indexed term nearest a word no document holds: one edit for words of five letters or more, two for
   * nine or more, or another form of it (related); among the nearest, the one in most documents. null when
   * there is none. */
  async function correct(word, term, meta) {
    var limit = word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0;
    if (!limit || /^[0-9]/.test(word)) {
      return null;
    }
    var keys = meta.vocab.filter(function (key) { return key.split("-")[0] === term[0]; });
    var lists = await Promise.all(keys.map(function (key) { return load("vocab/" + key); }));
    var near = [];
    lists.forEach(function (list) {
      list.split(" ").forEach(function (candidate) {
        var edits = distance(term, candidate, limit);
        if (edits > limit && related(term, candidate)) {
          edits = limit;  // another form of the word: "stalker" for "stalk"
        }
        if (edits <= limit) {
          near.push({term: candidate, edits: edits});
        }
      });
    });
    if (!near.length) {
      return null;
    }
    var least = Math.min.apply(null, near.map(function (n) { return n.edits; }));
    near = near.filter(function (n) { return n.edits === least; });
    var found = await Promise.all(near.map(function (n) { return postingsOf(n.term, meta); }));
    var best = 0;
    found.forEach(function (postings, i) {
      if (postings.size > found[best].size || (postings.size === found[best].size && near[i].term < near[best].term)) {
        best = i;
      }
    });
    return {term: near[best].term, postings: found[best]};
  }

  /* The facet table (search.facet_table): each document's values of each kind, unpacked. */
  function unpackFacets(table) {
    var digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
    var out = {};
    Object.keys(table).forEach(function (kind) {
      var entry = table[kind];
      var docs = [];
      for (var at = 0; at < entry.docs.length; at += entry.width) {
        var number = 0;
        for (var k = 0; k < entry.width; k += 1) {
          number = number * 64 + digits.indexOf(entry.docs[at + k]);
        }
        var values = [];
        if (entry.multi) {
          entry.values.forEach(function (value, bit) {
            if (Math.floor(number / Math.pow(2, bit)) % 2 === 1) {
              values.push(value);
            }
          });
        } else if (number > 0) {
          values.push(entry.values[number - 1]);
        }
        docs.push(values);
      }
      out[kind] = docs;
    });
    return out;
  }

  var facetCache = null;
  async function facetTable() {
    if (!facetCache) {
      facetCache = unpackFacets(await load("facets"));
    }
    return facetCache;
  }

  /* Whether document `doc` passes the chosen filters, leaving out kind `except`: any chosen value within a kind,
   * every kind with a choice. */
  function passes(table, filters, doc, except) {
    return Object.keys(filters).every(function (kind) {
      var chosen = filters[kind];
      if (kind === except || !chosen.length || !table[kind]) {
        return true;
      }
      return table[kind][doc].some(function (value) { return chosen.indexOf(value) >= 0; });
    });
  }

  /* Run a query: {ids: best first, words: the terms searched, all: how many have every word, missing, corrected,
   * counts: kind -> value -> documents of the query with the other kinds' filters, scores}. */
  async function run(query, filters) {
    await loadStemmer();
    var meta = await load("meta");
    var table = await facetTable();
    var stop = new Set(meta.stop);
    var typed = words(spelledDates(query), stop);
    var seen = new Set();
    var searched = [];
    typed.forEach(function (word) {
      var term = stem(word);
      if (!seen.has(term)) {
        seen.add(term);
        searched.push({word: word, term: term});
      }
    });
    var lists = await Promise.all(searched.map(function (s) { return postingsOf(s.term, meta); }));
    var missing = [];
    var corrected = [];
    for (var i = 0; i < searched.length; i += 1) {
      if (!lists[i].size) {
        var fix = await correct(searched[i].word, searched[i].term, meta);
        if (fix && !seen.has(fix.term)) {
          seen.add(fix.term);
          corrected.push({word: searched[i].word, term: fix.term});
          searched[i] = {word: searched[i].word, term: fix.term};
          lists[i] = fix.postings;
        } else {
          missing.push(searched[i].word);
        }
      }
    }
    var scores = new Map();
    var matched = new Map();
    searched.forEach(function (s, n) {
      var factor = idf(meta.docs, lists[n].size);
      lists[n].forEach(function (weight, doc) {
        scores.set(doc, (scores.get(doc) || 0) + weight * factor);
        matched.set(doc, (matched.get(doc) || 0) + 1);
      });
    });
    var candidates = [];
    if (searched.length) {
      scores.forEach(function (_, doc) { candidates.push(doc); });
    } else {
      for (var d = 0; d < meta.docs; d += 1) {
        candidates.push(d);
      }
    }
    var counts = {};
    Object.keys(table).forEach(function (kind) {
      var count = {};
      candidates.forEach(function (doc) {
        if (passes(table, filters, doc, kind)) {
          table[kind][doc].forEach(function (value) { count[value] = (count[value] || 0) + 1; });
        }
      });
      counts[kind] = count;
    });
    var ids = candidates.filter(function (doc) { return passes(table, filters, doc, null); });
    // Every word first, then the others; each by score times the share of the words it has (as search.rank).
    var n = searched.length;
    var key = new Map();
    ids.forEach(function (doc) {
      var m = matched.get(doc) || 0;
      key.set(doc, [m < n ? 1 : 0, n ? Math.round((scores.get(doc) || 0) * m / n * 1e6) / 1e6 : 0]);
    });
    ids.sort(function (a, b) {
      return key.get(a)[0] - key.get(b)[0] || key.get(b)[1] - key.get(a)[1] || a - b;
    });
    var all = ids.filter(function (doc) { return matched.get(doc) === searched.length; }).length;
    return {
      ids: ids,
      words: searched.map(function (s) { return s.term; }),
      all: searched.length ? all : ids.length,
      missing: missing,
      corrected: corrected,
      counts: counts,
      scores: scores,
      matched: matched,
      idf: searched.map(function (s, n) { return idf(meta.docs, lists[n].size); }),
      page: meta.page,
      stop: stop,
    };
  }

  /* Whether the searched terms stand side by side, in the order typed, in the text. */
  function together(text, wanted, stop) {
    if (wanted.length < 2) {
      return false;
    }
    var sequence = terms(text, stop);
    for (var at = 0; at + wanted.length <= sequence.length; at += 1) {
      var all = true;
      for (var k = 0; k < wanted.length && all; k += 1) {
        all = sequence[at + k] === wanted[k];
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  /* Reorder the first results (a window of two pages) with a bonus for the words standing together as typed
   * in the title or the text: their idfs summed, times 10, a tenth of the largest weight a word can have. */
  async function phraseBonus(found) {
    if (found.words.length < 2) {
      return;
    }
    var window = found.ids.slice(0, found.page * 2);
    var docs = await Promise.all(window.map(function (id) { return load("docs/" + id); }));
    var bodies = await Promise.all(docs.map(text));
    var bonus = found.idf.reduce(function (a, b) { return a + b; }, 0) * 10;
    var score = new Map();
    window.forEach(function (id, i) {
      var near = together(docs[i].t, found.words, found.stop) || together(bodies[i], found.words, found.stop);
      score.set(id, (found.scores.get(id) || 0) + (near ? bonus : 0));
    });
    var n = found.words.length;
    var all = function (id) { return found.matched.get(id) === n ? 0 : 1; };
    window.sort(function (a, b) {
      return all(a) - all(b) || score.get(b) * (found.matched.get(b) || 0) - score.get(a) * (found.matched.get(a) || 0) ||
        a - b;
    });
    found.ids = window.concat(found.ids.slice(window.length));
  }

  var WORD = /[\p{L}\p{N}]+/gu;

  /* Append `text` to `parent`, each word whose term is searched wrapped in <mark>. */
  function marked(parent, text, wanted) {
    var last = 0;
    var match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) {
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

  /* Where the passage of about 30 words holding the most searched terms (then the most matches) starts. */
  function bestPassage(text, wanted) {
    var found = [];
    var match;
    var count = 0;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) {
      var term = stem(fold(match[0]));
      if (wanted.has(term)) {
        found.push({at: match.index, word: count, term: term});
      }
      count += 1;
    }
    var best = null;
    found.forEach(function (start, i) {
      var distinct = new Set();
      var hits = 0;
      for (var k = i; k < found.length && found[k].word - start.word < 30; k += 1) {
        distinct.add(found[k].term);
        hits += 1;
      }
      var value = distinct.size * 1000 + hits;
      if (best === null || value > best.value) {
        best = {value: value, at: start.at};
      }
    });
    return best ? best.at : 0;
  }

  /* About 240 characters from shortly before the best passage, matches highlighted. */
  function snippet(text, wanted) {
    var at = bestPassage(text, wanted);
    var start = Math.max(0, at - 60);
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
    var parts = (ROOT + url).split("#");
    var href = parts[0];
    if (location.protocol === "file:" && /\/$/.test(href)) {
      href += "index.html";
    }
    return parts.length > 1 ? href + "#" + parts[1] : href;
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

  // What each result says it is (as search.KIND_NAMES).
  var KIND = {
    paper: "Paper",
    meeting: "Meeting",
    notice: "Decision notice",
    decision: "Decision",
    action: "Action",
    matter: "Matter",
    theme: "Theme",
  };

  /* One result: what it is, title link, details (a paper's meeting, agenda item and themes; a decision's or
   * notice's matters), snippet. */
  function result(doc, body, wanted) {
    var item = element("li", "bp-result bp-result--" + doc.k);
    var heading = element("h3", "bp-result-title");
    var link = element("a", "", doc.t);
    link.href = pageHref(doc.u);
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = element("p", "bp-result-meta");
    meta.appendChild(element("span", "bp-result-kind", KIND[doc.k] || doc.k));
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(element("span", "bp-result-meeting", doc.m));
    if (doc.k === "paper") {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(element("span", "bp-result-item", doc.i ? "Agenda item " + doc.i : "Agenda item not stated"));
    }
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

  /* The word shown for a corrected term: a word of the shown results' texts with that stem, else the stem. */
  function shownWord(term, bodies, stop) {
    for (var i = 0; i < bodies.length; i += 1) {
      var found = words(bodies[i], stop).find(function (word) { return stem(word) === term; });
      if (found) {
        return found;
      }
    }
    return term;
  }

  /* The status line read out to screen readers after each search. */
  function describe(found, query, filtering, bodies) {
    var about = query ? " for “" + query + "”" : "";
    var filter = filtering ? " with the chosen filters" : "";
    if (!found.words.length && !filtering) {
      return query ? "Type a word of two or more letters; common words such as “the” are not searched." : "";
    }
    var out = "";
    if (found.corrected.length) {
      var shown = query;
      found.corrected.forEach(function (c) {
        shown = shown.replace(new RegExp(c.word.replace(/[^a-z0-9]/g, ""), "i"), shownWord(c.term, bodies, found.stop));
      });
      out = "Showing results for “" + shown + "”: no page has “" +
        found.corrected.map(function (c) { return c.word; }).join("”, “") + "”. ";
      about = " for “" + shown + "”";
    }
    if (!found.ids.length) {
      return out + (found.missing.length && !found.corrected.length ?
        "No page contains “" + found.missing.join("”, “") + "”." : "Nothing found" + about + filter + ".");
    }
    out += plural(found.ids.length, "result") + " found" + about + filter + ".";
    if (found.missing.length) {
      out += " No page has “" + found.missing.join("”, “") + "”.";
    }
    if (found.words.length > 1 && found.all < found.ids.length) {
      out += found.all ? " " + plural(found.all, "result") + " " + (found.all === 1 ? "has" : "have") +
        " every word; the others have some." : " None has every word; these have some.";
    }
    return out;
  }

  var PHONE = "(max-width: 44.9375em)";  // Material's breakpoint below which the page is a phone's

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
    return this.input.value.trim() !== "";
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

  /* Each filter's count: the current query's results with the other kinds' filters (archive totals before one). */
  Page.prototype.count = function (counts) {
    this.form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      var label = box.parentNode.querySelector(".bp-count");
      if (label) {
        var n = counts ? (counts[box.name] || {})[box.value] || 0 : +label.getAttribute("data-total");
        label.textContent = "(" + n + ")";
      }
    });
  };

  Page.prototype.search = async function () {
    var generation = (this.generation += 1);
    var query = this.input.value.trim();
    var filters = this.filters();
    var filtering = Object.keys(filters).some(function (k) { return filters[k].length; });
    this.list.textContent = "";
    this.more.hidden = true;
    this.found = null;
    if (!query && !filtering) {
      this.status.textContent = "";
      this.count(null);
      return;
    }
    this.status.textContent = "Searching…";
    try {
      var found = await run(query, filters);
      await phraseBonus(found);
      if (generation !== this.generation) {
        return;  // a newer search has started
      }
      this.found = found;
      this.shown = 0;
      this.count(found.counts);
      var bodies = await this.showMore(false);
      if (generation === this.generation) {
        this.status.textContent = describe(found, query, filtering, bodies || []);
      }
    } catch (error) {
      this.status.textContent = "Search could not load its index (" + error.message + "). Try again, or " +
        "browse the meetings and themes pages.";
    }
  };

  /* Show the next page of results, loading only those documents' files; resolves with their texts. */
  Page.prototype.showMore = async function (focus) {
    var found = this.found;
    var generation = this.generation;
    var ids = found.ids.slice(this.shown, this.shown + found.page);
    var docs = await Promise.all(ids.map(function (id) { return load("docs/" + id); }));
    var bodies = await Promise.all(docs.map(text));
    if (generation !== this.generation) {
      return null;
    }
    var wanted = new Set(found.words);
    var items = docs.map(function (doc, i) { return result(doc, bodies[i], wanted); });
    items.forEach(function (item) { this.list.appendChild(item); }, this);
    this.shown += ids.length;
    this.more.hidden = this.shown >= found.ids.length;
    if (focus && items.length) {
      items[0].querySelector("a").focus();
    }
    return bodies;
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
      page.toResults();
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
    var asked = this.restore();
    this.fold();
    var generation = this.generation + 1;
    this.search().then(function () {
      // A search made elsewhere (the header's box) arrives here with its query in the address: once its results
      // are shown, take the reader to them as a search from this page's own box does. Not when the reader has
      // moved on meanwhile (focus left the page's body, or a newer search started).
      var idle = !document.activeElement || document.activeElement === document.body;
      if (asked && idle && generation === page.generation) {
        page.toResults();
      }
    });
  };

  /* On a phone the filters are a closed panel (unless one is chosen), so the results start on the first screen. */
  Page.prototype.fold = function () {
    var panel = document.getElementById("bp-search-filters");
    var chosen = this.form.querySelector("input[type=checkbox]:checked");
    if (panel && !chosen && window.matchMedia(PHONE).matches) {
      panel.open = false;
    }
  };

  /* After a search is made, the reader is taken to the results: focus on their heading, at the top of the screen. */
  Page.prototype.toResults = function () {
    var heading = document.getElementById("bp-results-heading");
    if (heading) {
      heading.scrollIntoView({block: "start"});
      heading.focus({preventScroll: true});
    }
  };

  function init() {
    var form = document.getElementById("bp-search-form");
    if (form) {
      new Page(form).start();
    }
  }

  // Exposed for tests and the benchmark: the same tokeniser and query the page uses.
  window.bpSearch = {
    terms: function (text, stop) { return loadStemmer().then(function () { return terms(text, stop); }); },
    stem: function (list) { return loadStemmer().then(function () { return list.map(stem); }); },
    run: run,
    ranked: async function (query) {
      var found = await run(query, {});
      await phraseBonus(found);
      return Promise.all(found.ids.slice(0, found.page).map(function (id) {
        return load("docs/" + id).then(function (doc) { return doc.u; });
      }));
    },
    load: load,
    text: text,
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
