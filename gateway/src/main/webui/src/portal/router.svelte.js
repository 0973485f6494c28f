// The portal's addresses: the browser's history is the state, so back, forward and a bookmark all work.

export const route = $state({ path: window.location.pathname, search: window.location.search });

export function navigate(path) {
  window.history.pushState(null, '', path);
  route.path = window.location.pathname;
  route.search = window.location.search;
}

window.addEventListener('popstate', () => {
  route.path = window.location.pathname;
  route.search = window.location.search;
});

/** A click on an in-portal link moves without reloading (the tokens live in memory). */
export function link(node) {
  const onClick = (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    navigate(node.getAttribute('href'));
  };
  node.addEventListener('click', onClick);
  return { destroy: () => node.removeEventListener('click', onClick) };
}
