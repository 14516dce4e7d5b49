/*
 * Local Support Directory: link workers' shortlist buttons (progressive enhancement).
 *
 * Without this script every button is an ordinary form post that comes back to the page.
 * With it, "Add to shortlist" / "Remove from shortlist" update in place: pressing the button
 * (mouse, Enter or Space) sends the wrapper's fields with fetch(), the button's words change,
 * the status line (role="status") says what happened, and keyboard focus stays on the
 * button. If anything fails the fields are posted the ordinary way. It works from the
 * wrapper's data attributes and inputs, so it still works if a browser dropped the <form>
 * (as it does when the button is put inside another form).
 *
 * It also shows any [data-print-button] (hidden without JavaScript) and makes it print.
 *
 * Markup: templates/workspace/includes/shortlist_button.html. Safe to load more than once.
 */
(function () {
  'use strict';

  if (window.LocalSupportShortlist) {
    return;
  }

  function setButton(button, onList) {
    var title = button.getAttribute('data-title') || '';
    while (button.firstChild) {
      button.removeChild(button.firstChild);
    }
    var hidden = document.createElement('span');
    hidden.className = 'nhsuk-u-visually-hidden';
    hidden.textContent = ' ' + title;
    button.appendChild(document.createTextNode(onList ? 'Remove' : 'Add'));
    button.appendChild(hidden);
    button.appendChild(document.createTextNode(onList ? ' from shortlist' : ' to shortlist'));
  }

  function setStatus(status, data, shortlistUrl) {
    if (!status) {
      return;
    }
    while (status.firstChild) {
      status.removeChild(status.firstChild);
    }
    status.appendChild(document.createTextNode(data.message + ' '));
    if (data.on_list && (shortlistUrl || data.shortlist_url)) {
      var link = document.createElement('a');
      // The wrapper's link carries the postcode searched for, when there is one.
      link.href = shortlistUrl || data.shortlist_url;
      link.textContent = 'See the shortlist';
      status.appendChild(link);
    }
  }

  function update(wrapper, data) {
    wrapper.setAttribute('data-on-list', data.on_list ? 'true' : 'false');
    var form = wrapper.querySelector('form[data-shortlist-form]');
    if (form) {
      form.setAttribute('action', data.on_list ? wrapper.getAttribute('data-remove-url') : wrapper.getAttribute('data-add-url'));
    }
    var button = wrapper.querySelector('[data-shortlist-button]');
    if (button) {
      setButton(button, data.on_list);
    }
    setStatus(wrapper.querySelector('[data-shortlist-status]'), data, wrapper.getAttribute('data-shortlist-url'));
    var counters = document.querySelectorAll('[data-shortlist-count]');
    for (var i = 0; i < counters.length; i += 1) {
      counters[i].textContent = String(data.count);
    }
  }

  function actionFor(wrapper) {
    return wrapper.getAttribute(wrapper.getAttribute('data-on-list') === 'true' ? 'data-remove-url' : 'data-add-url');
  }

  // The wrapper's own inputs (token, activity, return address), whether or not the browser
  // kept its <form> element.
  function fieldsOf(wrapper) {
    var data = new window.FormData();
    var inputs = wrapper.querySelectorAll('input[name]');
    for (var i = 0; i < inputs.length; i += 1) {
      data.append(inputs[i].name, inputs[i].value);
    }
    return data;
  }

  // Without fetch, or if it fails: an ordinary form post, built afresh so that it works
  // even where the original form was dropped.
  function postTheOrdinaryWay(wrapper) {
    var form = document.createElement('form');
    form.method = 'post';
    form.action = actionFor(wrapper);
    form.hidden = true;
    var inputs = wrapper.querySelectorAll('input[name]');
    for (var i = 0; i < inputs.length; i += 1) {
      var copy = document.createElement('input');
      copy.type = 'hidden';
      copy.name = inputs[i].name;
      copy.value = inputs[i].value;
      form.appendChild(copy);
    }
    document.body.appendChild(form);
    form.submit();
  }

  function onClick(event) {
    var button = event.target && event.target.closest ? event.target.closest('[data-shortlist-button]') : null;
    var wrapper = button && button.closest('[data-shortlist-for]');
    if (!wrapper) {
      return;
    }
    event.preventDefault();
    if (typeof window.fetch !== 'function' || typeof window.FormData !== 'function') {
      postTheOrdinaryWay(wrapper);
      return;
    }
    if (wrapper.getAttribute('aria-busy') === 'true') {
      return;
    }
    wrapper.setAttribute('aria-busy', 'true');
    window.fetch(actionFor(wrapper), {
      method: 'POST',
      body: fieldsOf(wrapper),
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      return response.json();
    }).then(function (data) {
      wrapper.removeAttribute('aria-busy');
      update(wrapper, data);
    }).catch(function () {
      wrapper.removeAttribute('aria-busy');
      postTheOrdinaryWay(wrapper);
    });
  }

  function initPrintButtons() {
    var buttons = document.querySelectorAll('[data-print-button]');
    for (var i = 0; i < buttons.length; i += 1) {
      buttons[i].hidden = false;
      buttons[i].addEventListener('click', function () {
        window.print();
      });
    }
  }

  document.addEventListener('click', onClick);
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', initPrintButtons);
  } else {
    initPrintButtons();
  }
  window.LocalSupportShortlist = { update: update };
})();
