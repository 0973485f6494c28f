// Reordering a list by dragging: an item's handle starts the drag; any item of the same list takes the drop
// and moves the dragged one to its place. The keyboard way is the item's up and down buttons; this is the
// pointer's.

// the list's name is in the data's type, which a dragover may read (its data it may not), so an item of
// another list is not even shown as droppable
const kind = (name) => `application/x-hyperstudy-${name}`;

/** On the handle: drags item `index` of list `name`. */
export function dragHandle(node, params) {
  let current = params;
  const start = (event) => {
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData(kind(current.name), String(current.index));
    // the whole item, not just the handle, follows the pointer
    const item = node.closest('li');
    if (item) event.dataTransfer.setDragImage(item, 16, 16);
  };
  node.setAttribute('draggable', 'true');
  node.addEventListener('dragstart', start);
  return {
    update(next) { current = next; },
    destroy() { node.removeEventListener('dragstart', start); },
  };
}

/** On the item: takes a drop from the same list and calls `onMove(from, to)`; marks itself while hovered. */
export function dropTarget(node, params) {
  let current = params;
  const accepts = (event) => event.dataTransfer.types.includes(kind(current.name));
  const over = (event) => {
    if (!accepts(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    node.classList.add('drop-here');
  };
  const leave = (event) => {
    if (!node.contains(event.relatedTarget)) node.classList.remove('drop-here');
  };
  const drop = (event) => {
    node.classList.remove('drop-here');
    if (!accepts(event)) return;
    event.preventDefault();
    current.onMove(Number(event.dataTransfer.getData(kind(current.name))), current.index);
  };
  node.addEventListener('dragover', over);
  node.addEventListener('dragleave', leave);
  node.addEventListener('drop', drop);
  return {
    update(next) { current = next; },
    destroy() {
      node.removeEventListener('dragover', over);
      node.removeEventListener('dragleave', leave);
      node.removeEventListener('drop', drop);
    },
  };
}
