/* Coverage map: authorities filled by provision level, region outlines on top,
   every area reachable by keyboard, details in a panel beside the map. */
(function () {
  "use strict";

  // The page hides what only works with this script and Leaflet (the map, its help and its panel)
  // and shows a note for readers without them: once both are here, swap them round.
  if (window.L && L.Map && L.Map.djangoMap) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-needs-script]"), function (node) {
      node.hidden = false;
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-without-script]"), function (node) {
      node.hidden = true;
    });
  }

  var STYLE = { color: "#0b0c0c", weight: 1, opacity: 1, fillOpacity: 1 };
  // The selected and focused areas are outlined by overlays, so that their shape never moves in
  // the page (moving it would lose keyboard focus and change the Tab order).
  // Selected: white inside black, 3:1 or more against every fill, the dark green included.
  var SELECTED = [
    { color: "#0b0c0c", weight: 7, opacity: 1, fill: false },
    { color: "#ffffff", weight: 3, opacity: 1, fill: false }
  ];
  // Focused: yellow inside black, as in the rest of the portal, visible on every fill and on the sea.
  var FOCUSED = [
    { color: "#0b0c0c", weight: 10, opacity: 1, fill: false },
    { color: "#ffdd00", weight: 5, opacity: 1, fill: false }
  ];

  function outline(map, feature, styles) {
    return L.featureGroup(styles.map(function (style) {
      return L.geoJSON(feature, { interactive: false, style: style });
    })).addTo(map);
  }

  function labels() {
    var node = document.getElementById("map-labels");
    return node ? JSON.parse(node.textContent) : {};
  }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function figure(value, t) {
    return value === null || value === undefined ? t.not_known : value.toLocaleString("en-GB");
  }

  // A figure from its bounds, in the page's words: "570", "between 0 and 570", "at least 909", "not known".
  function bounded(low, high, t) {
    if (low === null || low === undefined) return t.not_known;
    if (high === null || high === undefined) return t.at_least.replace("__low__", figure(low, t));
    if (low === high) return figure(low, t);
    return t.between.replace("__low__", figure(low, t)).replace("__high__", figure(high, t));
  }

  function showPanel(panel, props, t, lang) {
    panel.textContent = "";
    panel.appendChild(el("h2", props.name));
    var dl = el("dl", null, { "class": "facts compact" });
    function row(term, value) { dl.appendChild(el("dt", term)); dl.appendChild(el("dd", value)); }
    row(t.level, t.levels[props.level]);
    row(t.region, props.region_name);
    if (props.births === null) {
      row(t.births, t.not_known);
    } else {
      // The source's name is English only.
      var source = el("span", props.births_source, { lang: "en" });
      row(t.births, figure(props.births, t) + " (" + props.births_year + ", ");
      dl.lastChild.appendChild(source);
      dl.lastChild.appendChild(document.createTextNode(")"));
    }
    row(t.need, bounded(props.need_low, props.need_high, t));
    row(t.unmet, bounded(props.unmet_need_low, props.unmet_need_high, t));
    if (props.missing) dl.lastChild.appendChild(el("span", " (" + props.missing + ")", { "class": "meta" }));
    panel.appendChild(dl);
    panel.appendChild(el("h3", t.services));
    if (props.services.length) {
      var list = el("ul", null, { "class": "plain" });
      props.services.forEach(function (s) {
        var item = el("li");
        // The data gives each name in the page's language, and says when it is English for want of Welsh.
        var link = el("a", s.name, { href: t.service_url.replace("__slug__", s.slug) });
        if (s.name_lang) link.setAttribute("lang", s.name_lang);
        item.appendChild(link);
        list.appendChild(item);
      });
      panel.appendChild(list);
      if (props.services_count > props.services.length) {
        // The data lists an area's most significant services only; the directory has them all.
        var all = el("p");
        all.appendChild(el("a", t.all_services.replace("__count__", props.services_count.toLocaleString("en-GB")),
          { href: t.directory_url + "?authority=" + encodeURIComponent(props.code) }));
        panel.appendChild(all);
      }
    } else {
      panel.appendChild(el("p", t.no_services));
    }
    if (props.region_url) {
      var more = el("p");
      more.appendChild(el("a", t.go_to_region + " " + props.region_name, { href: t.region_url.replace("__slug__", props.region) }));
      panel.appendChild(more);
    }
    panel.focus();
  }

  function makeAccessible(map, layer, props, t, lang, select) {
    var path = layer.getElement && layer.getElement();
    if (!path) return;
    var ring = null;
    path.setAttribute("tabindex", "0");
    path.setAttribute("role", "button");
    path.setAttribute("aria-label", props.name + ": " + t.levels[props.level]);
    path.setAttribute("data-code", props.code);
    path.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        select();
      }
    });
    path.addEventListener("focus", function () {
      if (!path.matches(":focus-visible")) return;  // a click: the area is already in view
      // An area outside the view is not drawn: widen the view to show it, so focus is never invisible.
      var view = map.getBounds();
      var area = layer.getBounds();
      if (!view.contains(area)) map.fitBounds(view.extend(area), { animate: false });
      ring = outline(map, layer.feature, FOCUSED);
    });
    path.addEventListener("blur", function () {
      if (ring) map.removeLayer(ring);
      ring = null;
    });
  }

  function labelControls(map, wrap, frame) {
    // The focusable map itself carries the name of the map region, for people who Tab to it to pan and zoom.
    var container = map.getContainer();
    ["role", "aria-label", "aria-describedby"].forEach(function (name) {
      container.setAttribute(name, frame.getAttribute(name));
      frame.removeAttribute(name);
    });
    // Leaflet's zoom buttons say "Zoom in" and "Zoom out" in English only.
    [["in", "data-zoom-in"], ["out", "data-zoom-out"]].forEach(function (pair) {
      var button = container.querySelector(".leaflet-control-zoom-" + pair[0]);
      var label = wrap.getAttribute(pair[1]);
      if (button && label) {
        button.setAttribute("title", label);
        button.setAttribute("aria-label", label);
      }
    });
  }

  function reduceMotion(map) {
    // CSS stops Leaflet's zoom transitions; panning by arrow keys and after a drag is animated in script.
    if (!window.matchMedia || !window.matchMedia("(prefers-reduced-motion: reduce)").matches) return;
    map.options.inertia = false;
    var panBy = map.panBy;
    map.panBy = function (offset, options) {
      return panBy.call(map, offset, L.extend({}, options, { animate: false }));
    };
  }

  window.pirsMapInit = function (map) {
    var wrap = document.querySelector(".map-wrap");
    var panel = document.getElementById("area-panel");
    var t = labels();
    var lang = wrap.getAttribute("data-language") || "en";
    var focusRegion = wrap.getAttribute("data-focus-region");
    var selected = null;
    labelControls(map, wrap, wrap.querySelector(".map-frame"));
    reduceMotion(map);
    map.options.zoomSnap = 0.25;
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(t.attribution);

    fetch(wrap.getAttribute("data-geojson"))
      .then(function (response) { return response.json(); })
      .then(function (data) {
        // The Tab key visits the areas in alphabetical order of their names in the page's language.
        data.features.sort(function (a, b) {
          return a.properties.name.localeCompare(b.properties.name, lang);
        });
        var layer = L.geoJSON(data, {
          style: function (feature) {
            var faded = focusRegion && feature.properties.region !== focusRegion;
            return L.extend({}, STYLE, { fillColor: "url(#fill-" + feature.properties.level + ")", fillOpacity: faded ? 0.35 : 1 });
          },
          onEachFeature: function (feature, featureLayer) {
            function select() {
              if (selected) map.removeLayer(selected);
              selected = outline(map, feature, SELECTED);
              showPanel(panel, feature.properties, t, lang);
            }
            featureLayer.on("click", select);
          }
        }).addTo(map);
        layer.eachLayer(function (l) { makeAccessible(map, l, l.feature.properties, t, lang, function () { l.fire("click"); }); });
        var bounds = layer.getBounds();
        if (focusRegion) {
          var inRegion = L.featureGroup(layer.getLayers().filter(function (l) { return l.feature.properties.region === focusRegion; }));
          if (inRegion.getLayers().length) bounds = inRegion.getBounds();
        }
        map.fitBounds(bounds, { padding: [10, 10], animate: false });
        return fetch(wrap.getAttribute("data-regions-geojson"));
      })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        L.geoJSON(data, { interactive: false, style: { color: "#0b0c0c", weight: 3, fill: false } }).addTo(map);
        wrap.setAttribute("data-state", "drawn");  // both layers are in: nothing more to fetch
      })
      .catch(function () {
        panel.textContent = t.load_failed;
      });
  };

  // django-leaflet builds the map from the options the page carries as JSON, so
  // the page needs no inline script and its Content-Security-Policy no nonce.
  window.addEventListener("load", function () {
    var options = document.getElementById("leaflet-options");
    if (!options || !window.L || !L.Map.djangoMap) return;
    var config = JSON.parse(options.textContent);
    L.Map.djangoMap(config.name, {
      djoptions: config.djoptions, initfunc: null, globals: false, callback: window.pirsMapInit
    });
  });
})();
