// Progressive enhancement: a map of the locations listed on the page (search
// results, or a profile's locations). Every page works without it: it reads
// the data-* attributes of the list the page already shows, and adds nothing
// the list lacks. Tiles come only from this site (see includes/map.html).
(function () {
  "use strict";
  var box = document.querySelector(".map[data-map]");
  if (!box || typeof L === "undefined") {
    return;
  }
  var places = [];
  document.querySelectorAll("[data-lat][data-lng]").forEach(function (item) {
    var lat = parseFloat(item.dataset.lat);
    var lng = parseFloat(item.dataset.lng);
    if (!isNaN(lat) && !isNaN(lng)) {
      places.push({
        lat: lat,
        lng: lng,
        name: item.dataset.name || "",
        url: item.dataset.url || "",
        where: item.dataset.where || "",
      });
    }
  });
  if (!places.length) {
    return;
  }
  box.hidden = false;
  box.setAttribute("role", "region");
  box.setAttribute(
    "aria-label",
    "Map of the locations listed on this page (the list below has every one)"
  );
  var map = L.map(box, { scrollWheelZoom: false, maxZoom: 16 });
  addBasemap(map, box.dataset);

  // One entry of a popup: the name (a link where there is a page) and, for a
  // point that is only a ZIP's centre, where it really is.
  function entry(place) {
    var item = document.createElement("li");
    var name = document.createElement(place.url ? "a" : "span");
    name.textContent = place.name;
    if (place.url) {
      name.href = place.url;
    }
    item.appendChild(name);
    if (place.where) {
      item.appendChild(document.createElement("br"));
      item.appendChild(document.createTextNode(place.where));
    }
    return item;
  }

  function popupList(list, heading) {
    var content = document.createElement("div");
    content.className = "map-popup";
    if (heading) {
      var title = document.createElement("p");
      title.className = "map-popup-heading";
      title.textContent = heading;
      content.appendChild(title);
    }
    var items = document.createElement("ul");
    list.forEach(function (place) {
      items.appendChild(entry(place));
    });
    content.appendChild(items);
    return content;
  }

  // After a popup opened from the keyboard, focus its first link, so that
  // Tab walks the list; Escape closes it and gives focus back to the marker.
  var openedByKey = false;
  map.on("popupopen", function (e) {
    var opener = document.activeElement;
    var element = e.popup.getElement();
    element.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        map.closePopup(e.popup);
        if (opener && box.contains(opener)) {
          opener.focus();
        }
      }
    });
    if (openedByKey) {
      var first = element.querySelector("a[href]");
      if (first) {
        first.focus();
      }
    }
    openedByKey = false;
  });

  var markers = typeof L.markerClusterGroup === "function"
    ? L.markerClusterGroup({
        showCoverageOnHover: false,
        zoomToBoundsOnClick: false,
        spiderfyOnMaxZoom: false,
        maxClusterRadius: 36,
        iconCreateFunction: function (cluster) {
          var count = cluster.getChildCount();
          return L.divIcon({
            html:
              '<span aria-hidden="true">' + count + "</span>" +
              '<span class="visually-hidden">' + count +
              " locations at or near this point: show the list</span>",
            className: "map-cluster",
            iconSize: L.point(40, 40),
          });
        },
      })
    : L.featureGroup();

  function openList(e) {
    var cluster = e.layer;
    var list = cluster.getAllChildMarkers().map(function (m) {
      return m.options.place;
    });
    L.popup({ maxHeight: 260, autoPanPadding: [20, 20] })
      .setLatLng(cluster.getLatLng())
      .setContent(popupList(list, list.length + " locations here"))
      .openOn(map);
  }
  markers.on("clusterclick", openList);
  markers.on("clusterkeypress", function (e) {
    if (e.originalEvent.keyCode === 13) {
      openedByKey = true;
      openList(e);
    }
  });

  var bounds = [];
  places.forEach(function (place) {
    var marker = L.marker([place.lat, place.lng], {
      title: place.name,
      alt: place.name,
      place: place,
    });
    // Before bindPopup's own handler, which opens the popup on Enter.
    marker.on("keypress", function (e) {
      if (e.originalEvent.keyCode === 13) {
        openedByKey = true;
      }
    });
    marker.bindPopup(popupList([place]));
    markers.addLayer(marker);
    bounds.push([place.lat, place.lng]);
  });
  markers.addTo(map);
  if (box.dataset.centerLat) {
    bounds.push([parseFloat(box.dataset.centerLat), parseFloat(box.dataset.centerLng)]);
  }
  if (bounds.length === 1) {
    map.setView(bounds[0], 10); // one location: show the towns around it
  } else {
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 12 });
  }

  function addBasemap(map, data) {
    if (data.tileUrl) {
      L.tileLayer(data.tileUrl, { attribution: data.attribution, maxZoom: 18 }).addTo(map);
      return;
    }
    if (!data.basemapUrl || typeof protomapsL === "undefined") {
      return;
    }
    var layer = protomapsL.leafletLayer({
      url: data.basemapUrl,
      flavor: "light",
      lang: "en",
      attribution: data.attribution,
      maxDataZoom: parseInt(data.basemapMaxZoom, 10) || undefined,
    });
    // The "light" style draws every line below a country border alike; a
    // patient finds their way by state lines, so draw those stronger.
    layer.paintRules.push({
      dataLayer: "boundaries",
      symbolizer: new protomapsL.LineSymbolizer({ color: "#8a8a8a", width: 1.5 }),
      filter: function (z, f) {
        return f.props.kind_detail === 4;
      },
    });
    layer.addTo(map);
    box.classList.add("map-has-basemap");
  }
})();
