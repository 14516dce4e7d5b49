/*
 * Local Support Directory: results map (progressive enhancement).
 *
 * Needs the Leaflet and Leaflet.markercluster globals (vendor/leaflet/leaflet.js
 * and vendor/leaflet.markercluster/leaflet.markercluster.js, loaded before this
 * file) and no other library. Without them, or if anything fails, the page's
 * list of results is left as it is.
 *
 * Markup:
 *
 *   <div data-map
 *        data-geojson-url="/search/results.geojson?q=..."
 *        data-tile-url="https://tiles.example/{z}/{x}/{y}.png"       (optional)
 *        data-tile-attribution="&copy; OpenStreetMap contributors"   (optional)
 *        aria-label="Map of search results"></div>                   (optional)
 *
 * The GeoJSON is a FeatureCollection of Point features with properties
 * `title`, `url`, `summary` and, optionally, `distance_text`.
 *
 * When finished the element gets data-map-ready="true" and
 * data-marker-count="N" (and a "map:ready" event is dispatched on it). If the
 * map cannot be shown it gets data-map-error="true", data-map-ready="false"
 * and a short message. Any content inside the element (e.g. a no-JavaScript
 * note) is replaced. The script never moves keyboard focus.
 */
(function () {
  'use strict';

  var FAILURE_MESSAGE = 'The map could not be loaded. The list of results is below.';
  var DEFAULT_LABEL = 'Map of search results';
  // Centre of Great Britain, used when there are no results to fit.
  var DEFAULT_CENTRE = [54.0, -2.5];
  var DEFAULT_ZOOM = 5;
  var MAX_FIT_ZOOM = 15;
  // Give up on the tile layer after this many failed tiles with none loaded.
  var TILE_ERROR_LIMIT = 4;

  function prefersReducedMotion() {
    return Boolean(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches);
  }

  function clear(element) {
    while (element.firstChild) {
      element.removeChild(element.firstChild);
    }
  }

  function showFailure(element, error) {
    clear(element);
    element.classList.remove('leaflet-container');
    var message = document.createElement('p');
    message.className = 'app-map__message';
    message.textContent = FAILURE_MESSAGE;
    element.appendChild(message);
    element.setAttribute('data-map-error', 'true');
    element.setAttribute('data-map-ready', 'false');
    element.setAttribute('data-marker-count', '0');
    if (error && window.console && window.console.warn) {
      window.console.warn('Map not shown:', error);
    }
  }

  // Only http(s) links (absolute or relative to this page) go into popups.
  function safeUrl(value) {
    if (typeof value !== 'string' || !value) {
      return null;
    }
    try {
      var parsed = new URL(value, window.location.href);
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? value : null;
    } catch (e) {
      return null;
    }
  }

  function text(value) {
    return value === null || value === undefined ? '' : String(value).trim();
  }

  // Popup content is built with DOM methods so feature text is never parsed as HTML.
  function buildPopup(props) {
    var container = document.createElement('div');
    container.className = 'app-map-popup';

    var title = text(props.title) || 'Untitled';
    var heading = document.createElement('p');
    heading.className = 'app-map-popup__title';
    var href = safeUrl(props.url);
    if (href) {
      var link = document.createElement('a');
      link.href = href;
      link.textContent = title;
      heading.appendChild(link);
    } else {
      heading.textContent = title;
    }
    container.appendChild(heading);

    var distance = text(props.distance_text);
    if (distance) {
      var distanceEl = document.createElement('p');
      distanceEl.className = 'app-map-popup__distance';
      distanceEl.textContent = distance;
      container.appendChild(distanceEl);
    }

    var summary = text(props.summary);
    if (summary) {
      var summaryEl = document.createElement('p');
      summaryEl.className = 'app-map-popup__summary';
      summaryEl.textContent = summary;
      container.appendChild(summaryEl);
    }
    return container;
  }

  // [lat, lng] for a valid GeoJSON Point feature, else null.
  function pointLatLng(feature) {
    var geometry = feature && feature.geometry;
    if (!geometry || geometry.type !== 'Point' || !Array.isArray(geometry.coordinates)) {
      return null;
    }
    var lng = Number(geometry.coordinates[0]);
    var lat = Number(geometry.coordinates[1]);
    if (!isFinite(lat) || !isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      return null;
    }
    return [lat, lng];
  }

  function markerIcon() {
    return window.L.divIcon({
      className: 'app-map-marker',
      html: '',
      iconSize: [24, 24],
      iconAnchor: [12, 24],
      popupAnchor: [0, -24]
    });
  }

  function markerGroup(L, reducedMotion) {
    if (typeof L.markerClusterGroup === 'function') {
      return L.markerClusterGroup({
        showCoverageOnHover: false,
        spiderfyOnMaxZoom: true,
        maxClusterRadius: 50,
        animate: !reducedMotion
      });
    }
    // Markercluster missing: plain markers still work.
    return L.featureGroup();
  }

  function addTiles(L, map, element) {
    var tileUrl = element.getAttribute('data-tile-url');
    if (!tileUrl) {
      return;
    }
    var attribution = element.getAttribute('data-tile-attribution') || '';
    var layer = L.tileLayer(tileUrl, {
      attribution: attribution,
      maxZoom: 18,
      crossOrigin: true
    });
    var loaded = 0;
    var failed = 0;
    layer.on('tileload', function () {
      loaded += 1;
    });
    layer.on('tileerror', function () {
      failed += 1;
      if (loaded === 0 && failed >= TILE_ERROR_LIMIT && map.hasLayer(layer)) {
        // Tiles unavailable: keep the markers on the plain background.
        map.removeLayer(layer);
        element.setAttribute('data-tiles-failed', 'true');
      }
    });
    layer.addTo(map);
  }

  function fetchGeoJSON(url) {
    if (!url) {
      return Promise.reject(new Error('data-geojson-url is missing'));
    }
    if (typeof window.fetch !== 'function') {
      return Promise.reject(new Error('fetch() is not available'));
    }
    return window.fetch(url, {
      credentials: 'same-origin',
      headers: { Accept: 'application/geo+json, application/json' }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('GeoJSON request failed with HTTP ' + response.status);
      }
      return response.json();
    }).then(function (data) {
      if (!data || data.type !== 'FeatureCollection' || !Array.isArray(data.features)) {
        throw new Error('Response is not a GeoJSON FeatureCollection');
      }
      return data;
    });
  }

  function render(element, data) {
    var L = window.L;
    var reducedMotion = prefersReducedMotion();

    clear(element);
    element.removeAttribute('data-map-error');

    var map = L.map(element, {
      // Scroll-wheel zoom traps page scrolling; buttons, keyboard and pinch still zoom.
      scrollWheelZoom: false,
      keyboard: true,
      zoomAnimation: !reducedMotion,
      fadeAnimation: !reducedMotion,
      markerZoomAnimation: !reducedMotion,
      minZoom: 2,
      maxZoom: 18,
      attributionControl: Boolean(element.getAttribute('data-tile-url'))
    });
    if (map.attributionControl) {
      map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    }

    var count;
    try {
      addTiles(L, map, element);
      count = addMarkers(L, map, data.features, reducedMotion);
    } catch (error) {
      map.remove();
      throw error;
    }

    element.setAttribute('data-marker-count', String(count));
    element.setAttribute('data-map-ready', 'true');
    if (typeof window.CustomEvent === 'function') {
      element.dispatchEvent(new window.CustomEvent('map:ready', {
        bubbles: true,
        detail: { map: map, markerCount: count }
      }));
    }
    return map;
  }

  // Adds clustered markers and fits the view to them; returns how many were added.
  function addMarkers(L, map, features, reducedMotion) {
    var group = markerGroup(L, reducedMotion);
    var latLngs = [];
    features.forEach(function (feature) {
      var latLng = pointLatLng(feature);
      if (!latLng) {
        return;
      }
      var props = feature.properties || {};
      var marker = L.marker(latLng, {
        icon: markerIcon(),
        title: text(props.title) || 'Untitled',
        keyboard: true,
        riseOnHover: true
      });
      marker.bindPopup(buildPopup(props), { maxWidth: 280, autoPanPadding: [16, 16] });
      group.addLayer(marker);
      latLngs.push(latLng);
    });

    // Set the view first: layers are only added once the map has one.
    if (latLngs.length > 0) {
      map.fitBounds(L.latLngBounds(latLngs), { padding: [24, 24], maxZoom: MAX_FIT_ZOOM, animate: false });
    } else {
      map.setView(DEFAULT_CENTRE, DEFAULT_ZOOM, { animate: false });
    }
    group.addTo(map);
    return latLngs.length;
  }

  function initMap(element) {
    if (element.hasAttribute('data-map-initialised')) {
      return;
    }
    element.setAttribute('data-map-initialised', 'true');
    element.setAttribute('role', 'region');
    if (!element.getAttribute('aria-label') && !element.getAttribute('aria-labelledby')) {
      element.setAttribute('aria-label', element.getAttribute('data-map-label') || DEFAULT_LABEL);
    }

    if (!window.L || typeof window.L.map !== 'function') {
      showFailure(element, new Error('Leaflet is not loaded'));
      return;
    }

    fetchGeoJSON(element.getAttribute('data-geojson-url')).then(function (data) {
      try {
        render(element, data);
      } catch (error) {
        showFailure(element, error);
      }
    }, function (error) {
      showFailure(element, error);
    });
  }

  function initAll(scope) {
    var root = scope || document;
    var elements = root.querySelectorAll('[data-map]');
    for (var i = 0; i < elements.length; i += 1) {
      initMap(elements[i]);
    }
  }

  window.LocalSupportMap = { init: initMap, initAll: initAll };

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () {
      initAll();
    });
  } else {
    initAll();
  }
})();
