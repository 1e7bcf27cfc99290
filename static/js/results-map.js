// Progressive enhancement: a map of the results (and of a profile's locations).
// Every page works without it; it only reads data-* attributes from the page.
(function () {
  "use strict";
  var box = document.querySelector("[data-tile-url]");
  if (!box || typeof L === "undefined") {
    return;
  }
  var markers = [];
  document.querySelectorAll("[data-lat][data-lng]").forEach(function (item) {
    var lat = parseFloat(item.dataset.lat);
    var lng = parseFloat(item.dataset.lng);
    if (!isNaN(lat) && !isNaN(lng)) {
      markers.push({ lat: lat, lng: lng, name: item.dataset.name || "" });
    }
  });
  if (!markers.length) {
    return;
  }
  box.hidden = false;
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", "Map of the locations listed on this page");
  var map = L.map(box, { scrollWheelZoom: false });
  if (box.dataset.tileUrl) {
    L.tileLayer(box.dataset.tileUrl, {
      attribution: box.dataset.attribution,
      maxZoom: 18,
    }).addTo(map);
  }
  var bounds = [];
  markers.forEach(function (m) {
    L.marker([m.lat, m.lng], { title: m.name, alt: m.name })
      .addTo(map)
      .bindPopup(document.createTextNode(m.name));
    bounds.push([m.lat, m.lng]);
  });
  if (box.dataset.centerLat) {
    bounds.push([parseFloat(box.dataset.centerLat), parseFloat(box.dataset.centerLng)]);
  }
  map.fitBounds(bounds, { padding: [30, 30], maxZoom: 14 });
})();
