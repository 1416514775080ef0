// On a narrow screen the main menu is one row that scrolls sideways (style.css): bring the
// current page's link into view without moving the page itself.
const current = document.querySelector('header nav a[aria-current="page"]');
if (current) {
  const list = current.closest("ul");
  const offset = current.getBoundingClientRect().left - list.getBoundingClientRect().left;
  list.scrollLeft += offset - (list.clientWidth - current.offsetWidth) / 2;
}
