// The interactive systems map: draws the JSON the page embeds (json_script "map-data") with
// Cytoscape (vendored) at the positions the server laid out (cds/systems/mapsvg.py: hubs in the
// centre, the other systems on rings around them), colours by category, links
// dashed when point-to-point, a red border round systems with findings. Choosing a system (on
// the graph or with "Xem" in the table below) shows its owner, links and findings in the side
// panel. All text reaches the page through textContent, never as HTML.
(function () {
  'use strict';
  const source = document.getElementById('map-data');
  const box = document.getElementById('system-map');
  if (!source || !box || typeof cytoscape === 'undefined') {
    return;
  }
  const data = JSON.parse(source.textContent);
  const COLOURS = {national: '#6f42c1', core: '#1f4e79', sector: '#2a9d8f', unit: '#e9a23b', common: '#6c757d'};
  const FINDING = '#dc3545';
  const few = data.nodes.length <= 120;  // as mapsvg.LABEL_ALL_BELOW: every system named
  const nodes = new Map(data.nodes.map((n) => [n.id, n]));


  const elements = [];
  data.nodes.forEach((n) => {
    const classes = ['cat-' + n.category];
    if (n.has_findings) {
      classes.push('finding');
    }
    if (!n.focus) {
      classes.push('context');
    }
    if (n.hub) {
      classes.push('hub');
    }
    // positions and sizes from the server's layout (the same picture as the SVG download)
    elements.push({group: 'nodes', data: {id: 'n' + n.id, pk: n.id, label: n.name, size: 2 * n.r,
      font: n.hub ? Math.max(15, Math.round(n.r * 0.5)) : 13,
      colour: COLOURS[n.category] || '#999999'}, position: {x: n.x, y: n.y}, classes: classes.join(' ')});
  });
  data.edges.forEach((e) => {
    const classes = ['mech-' + e.mechanism];
    if (e.status !== 'active') {
      classes.push('inactive');
    }
    if (e.both_ways) {
      classes.push('both');
    }
    elements.push({group: 'edges', data: {id: 'e' + e.id, source: 'n' + e.source, target: 'n' + e.target},
      classes: classes.join(' ')});
  });

  const many = data.edges.length > 1500;
  const cy = cytoscape({
    container: box,
    elements: elements,
    minZoom: 0.05,
    maxZoom: 3,
    style: [
      {selector: 'node', style: {
        'background-color': 'data(colour)', 'width': 'data(size)', 'height': 'data(size)',
        'label': few ? 'data(label)' : '', 'font-size': 'data(font)', 'text-valign': 'bottom', 'text-margin-y': 3,
        'text-wrap': 'ellipsis', 'text-max-width': 110, 'text-outline-color': '#ffffff', 'text-outline-width': 2,
        'min-zoomed-font-size': 6, 'border-width': 1.5, 'border-color': '#ffffff'}},
      {selector: 'node.hub', style: {'label': 'data(label)', 'font-size': 'data(font)', 'font-weight': 'bold',
        'text-wrap': 'wrap', 'text-max-width': 170}},
      {selector: 'node.finding', style: {'border-color': FINDING, 'border-width': 5}},
      {selector: 'node.context', style: {'opacity': 0.4}},
      {selector: 'node:selected', style: {'overlay-color': '#0d6efd', 'overlay-opacity': 0.25, 'overlay-padding': 6}},
      {selector: 'edge', style: {
        'width': 1.4, 'line-color': '#8895a1', 'curve-style': many ? 'haystack' : 'straight',
        'target-arrow-shape': many ? 'none' : 'triangle', 'target-arrow-color': '#8895a1', 'arrow-scale': 0.8,
        'opacity': 0.75}},
      {selector: 'edge.both', style: {'source-arrow-shape': many ? 'none' : 'triangle', 'source-arrow-color': '#8895a1'}},
      {selector: 'edge.mech-direct', style: {'line-style': 'dashed', 'line-dash-pattern': [8, 5],
        'line-color': '#b45309', 'target-arrow-color': '#b45309', 'source-arrow-color': '#b45309'}},
      {selector: 'edge.mech-file', style: {'line-style': 'dotted'}},
      {selector: 'edge.inactive', style: {'opacity': 0.35}},
      {selector: '.dim', style: {'opacity': 0.12}},
      {selector: 'edge.near', style: {'width': 3, 'opacity': 1}},
    ],
    layout: {name: 'preset', fit: true, padding: 20},
  });

  const panel = document.getElementById('map-panel-body');
  const hint = document.getElementById('map-panel-hint');
  const detailUrl = box.dataset.detailUrl;
  const unitUrl = box.dataset.unitUrl;

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function link(href, text) {
    const a = el('a', text);
    a.href = href;
    return a;
  }

  function show(pk) {
    const n = nodes.get(pk);
    if (!n) {
      return;
    }
    const node = cy.getElementById('n' + pk);
    cy.elements().removeClass('dim near');
    cy.elements().not(node.closedNeighborhood()).addClass('dim');
    node.connectedEdges().addClass('near');
    cy.$(':selected').unselect();
    node.select();

    panel.replaceChildren();
    panel.append(el('h2', n.name, 'h6 mb-1'));
    panel.append(el('div', n.code + ' · ' + n.category_label + ' · ' + n.lifecycle_label, 'text-muted mb-2'));
    const owner = el('div', 'Đơn vị chủ quản: ', 'mb-2');
    if (n.owner_unit_id) {
      owner.append(link(unitUrl.replace('{id}', n.owner_unit_id), n.owner_unit_name || n.owner_unit));
    } else {
      owner.append('dùng chung toàn quốc');
    }
    panel.append(owner);

    const findings = el('div', null, 'mb-2');
    findings.dataset.testid = 'map-findings';
    if (n.findings.length) {
      findings.append(el('div', 'Phát hiện (' + n.findings.length + '):', 'fw-semibold text-danger'));
      const list = el('ul', null, 'map-findings mb-0');
      n.findings.forEach((t) => list.append(el('li', t)));
      findings.append(list);
    } else {
      findings.append(el('div', 'Không có phát hiện.', 'text-muted'));
    }
    panel.append(findings);

    const edges = data.edges.filter((e) => e.source === pk || e.target === pk);
    panel.append(el('div', 'Kết nối (' + edges.length + '):', 'fw-semibold'));
    if (edges.length) {
      const list = el('ul', null, 'map-links mb-2');
      edges.forEach((e) => {
        const other = nodes.get(e.source === pk ? e.target : e.source);
        const arrow = e.both_ways ? '↔ ' : e.source === pk ? '→ ' : '← ';
        const item = el('li', arrow);
        item.append(link(detailUrl.replace('{id}', other.id), other.name));
        const bits = [e.mechanism_label];
        if (e.status !== 'active') {
          bits.push(e.status_label.toLowerCase());
        }
        if (e.entities.length) {
          bits.push(e.entities.join(', '));
        }
        item.append(el('span', ' (' + bits.join('; ') + ')', 'text-muted'));
        list.append(item);
      });
      panel.append(list);
    } else {
      panel.append(el('p', 'Không kết nối với hệ thống nào.', 'text-muted'));
    }
    const open = link(detailUrl.replace('{id}', pk), 'Mở trang hệ thống →');
    open.className = 'btn btn-sm btn-outline-primary';
    panel.append(open);
    hint.hidden = true;
    panel.hidden = false;
    box.dataset.selected = String(pk);
  }

  function clear() {
    cy.elements().removeClass('dim near');
    panel.hidden = true;
    hint.hidden = false;
    delete box.dataset.selected;
  }

  cy.on('tap', 'node', (event) => show(event.target.data('pk')));
  cy.on('tap', (event) => {
    if (event.target === cy) {
      clear();
    }
  });

  document.querySelectorAll('[data-map-select]').forEach((button) => {
    button.disabled = false;
    button.addEventListener('click', () => {
      const pk = Number(button.dataset.mapSelect);
      show(pk);
      // the system and what it links to, in view (not closer than the whole map's scale)
      const zoom = cy.zoom();
      cy.fit(cy.getElementById('n' + pk).closedNeighborhood(), 60);
      if (cy.zoom() > Math.max(zoom, 1)) {
        cy.zoom({level: Math.max(zoom, 1), renderedPosition: {x: cy.width() / 2, y: cy.height() / 2}});
      }
      box.scrollIntoView({block: 'nearest'});
    });
  });

  const png = document.getElementById('map-png');
  if (png) {
    png.disabled = false;
    png.addEventListener('click', () => {
      const blob = cy.png({output: 'blob', bg: '#ffffff', full: true, scale: 2, maxWidth: 6000, maxHeight: 6000});
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = 'so-do-he-thong.png';
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    });
  }

  // What a test (or an assistive tool) reads: drawn, how many, where to click the first system
  // with findings (else the first system) in the container's coordinates.
  function ready() {
    box.dataset.ready = '1';
    box.dataset.nodes = String(cy.nodes().length);
    const probe = cy.nodes('.finding').first().length ? cy.nodes('.finding').first() : cy.nodes().first();
    if (probe.length) {
      const p = probe.renderedPosition();
      box.dataset.probeId = String(probe.data('pk'));
      box.dataset.probeX = String(Math.round(p.x));
      box.dataset.probeY = String(Math.round(p.y));
    }
  }
  cy.ready(ready);
  cy.on('viewport', ready);
  window.addEventListener('beforeprint', () => cy.resize().fit(undefined, 10));
})();
