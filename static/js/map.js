/* Coverage map: authorities filled by provision level, region outlines on top,
   every area reachable by keyboard, details in a panel beside the map. */
(function () {
  "use strict";

  var STYLE = { color: "#0b0c0c", weight: 1, opacity: 1, fillOpacity: 1 };

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

  function localName(props, field, lang) {
    return (lang === "cy" && props[field + "_cy"]) || props[field + "_en"];
  }

  function showPanel(panel, props, t, lang) {
    panel.textContent = "";
    panel.appendChild(el("h2", localName(props, "name", lang)));
    var dl = el("dl", null, { "class": "facts compact" });
    function row(term, value) { dl.appendChild(el("dt", term)); dl.appendChild(el("dd", value)); }
    row(t.level, t.levels[props.level]);
    row(t.region, localName(props, "region_name", lang));
    var births = props.births === null ? t.not_known : figure(props.births, t) + " (" + props.births_year + ", " + props.births_source + ")";
    row(t.births, births);
    row(t.need, figure(props.estimated_need, t));
    row(t.unmet, props.unmet_need === null && props.level === "specialist_team" && props.estimated_need !== null ? t.capacity_unknown : figure(props.unmet_need, t));
    panel.appendChild(dl);
    panel.appendChild(el("h3", t.services));
    if (props.services.length) {
      var list = el("ul", null, { "class": "plain" });
      props.services.forEach(function (s) {
        var item = el("li");
        var link = el("a", (lang === "cy" && s.name_cy) || s.name_en, { href: t.service_url.replace("__slug__", s.slug) });
        if (lang === "cy" && !s.name_cy) link.setAttribute("lang", "en");
        item.appendChild(link);
        list.appendChild(item);
      });
      panel.appendChild(list);
    } else {
      panel.appendChild(el("p", t.no_services));
    }
    if (props.region_url) {
      var more = el("p");
      more.appendChild(el("a", t.go_to_region + " " + localName(props, "region_name", lang), { href: t.region_url.replace("__slug__", props.region) }));
      panel.appendChild(more);
    }
    panel.focus();
  }

  function makeAccessible(layer, props, t, lang, select) {
    var path = layer.getElement && layer.getElement();
    if (!path) return;
    path.setAttribute("tabindex", "0");
    path.setAttribute("role", "button");
    path.setAttribute("aria-label", localName(props, "name", lang) + ": " + t.levels[props.level]);
    path.setAttribute("data-code", props.code);
    path.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        select();
      }
    });
  }

  window.pirsMapInit = function (map) {
    var wrap = document.querySelector(".map-wrap");
    var panel = document.getElementById("area-panel");
    var t = labels();
    var lang = wrap.getAttribute("data-language") || "en";
    var focusRegion = wrap.getAttribute("data-focus-region");
    var selected = null;
    map.options.zoomSnap = 0.25;
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(t.attribution);

    fetch(wrap.getAttribute("data-geojson"))
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: function (feature) {
            var faded = focusRegion && feature.properties.region !== focusRegion;
            return L.extend({}, STYLE, { fillColor: "url(#fill-" + feature.properties.level + ")", fillOpacity: faded ? 0.35 : 1 });
          },
          onEachFeature: function (feature, featureLayer) {
            function select() {
              if (selected) selected.setStyle({ weight: 1 });
              selected = featureLayer;
              featureLayer.setStyle({ weight: 4 });
              featureLayer.bringToFront();
              showPanel(panel, feature.properties, t, lang);
            }
            featureLayer.on("click", select);
          }
        }).addTo(map);
        layer.eachLayer(function (l) { makeAccessible(l, l.feature.properties, t, lang, function () { l.fire("click"); }); });
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
      })
      .catch(function () {
        panel.textContent = t.load_failed;
      });
  };
})();
