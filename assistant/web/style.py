"""Page CSS and the small script the card / chip HTML blocks use to report clicks."""

# Delegated: survives every re-render of the block's HTML. Sends {action, product, pos, key,
# value} with the block's "click" event; the Python handler reads them from gr.EventData.
ACTION_JS = """
element.addEventListener('click', (e) => {
  const b = e.target.closest('[data-action]');
  if (!b || !element.contains(b)) return;
  e.preventDefault();
  trigger('click', {
    action: b.dataset.action || '', product: b.dataset.product || '',
    pos: b.dataset.pos || '', key: b.dataset.key || '', value: b.dataset.value || ''
  });
});
"""

# The profile panel: "Remove" reports the click; "Correct" asks for the new value first.
PROFILE_JS = """
element.addEventListener('click', (e) => {
  const b = e.target.closest('[data-action]');
  if (!b || !element.contains(b)) return;
  e.preventDefault();
  let value = b.dataset.value || '';
  if (b.dataset.action === 'correct') {
    const typed = window.prompt('New value (a price band is LOW-HIGH, e.g. 20-60):', value);
    if (typed === null) return;
    value = typed;
  }
  trigger('click', {action: b.dataset.action || '', key: b.dataset.key || '', value: value});
});
"""

# Send clicked with the mouse: the next typing and Enter go to the message box again
FOCUS_MESSAGE_JS = """
() => { document.querySelector('#message textarea')?.focus(); }
"""

CSS = """
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 10px; }
.cards.empty, .chips.empty { color: var(--body-text-color-subdued); padding: 6px; }
.product-card { position: relative; border: 1px solid var(--border-color-primary);
  border-radius: 10px; padding: 8px; background: var(--background-fill-primary);
  display: flex; flex-direction: column; gap: 4px; }
.product-card .pos { position: absolute; top: 6px; left: 6px; background: #333; color: #fff;
  border-radius: 50%; width: 22px; height: 22px; font-size: 12px; text-align: center;
  line-height: 22px; }
.product-card .card-image { width: 100%; height: 120px; object-fit: contain; border-radius: 6px;
  background: #f3f3f3; }
.product-card .placeholder { display: flex; align-items: center; justify-content: center;
  font-size: 40px; color: #999; }
.product-card .card-title { margin: 2px 0; font-size: 14px; line-height: 1.25; }
.product-card .card-brand { font-size: 12px; color: var(--body-text-color-subdued); }
.product-card .card-meta { display: flex; flex-wrap: wrap; gap: 6px; font-size: 12px; }
.product-card .price { font-weight: 700; font-size: 14px; }
.product-card .stock.out { color: #b3261e; }
.product-card .stock.in { color: #1e7b34; }
.product-card .outside { color: #8a5a00; font-style: italic; }
.product-card .why { margin: 2px 0 0 16px; padding: 0; font-size: 12px; }
.product-card .why em { font-style: normal; font-weight: 600; }
.card-actions { display: flex; gap: 4px; margin-top: auto; }
.card-actions button { border: 1px solid var(--border-color-primary); border-radius: 6px;
  padding: 2px 8px; background: var(--button-secondary-background-fill); cursor: pointer;
  font-size: 12px; font-weight: 600; }
.card-actions button.more { margin-left: auto; }
.card-actions button[aria-pressed="true"] { background: #4f5bd5; border-color: #4f5bd5;
  color: #fff; }
/* the chat's floating "Chat" label and icons sit above the messages, not over them */
#shopper-chat > .wrapper { padding-top: 30px; box-sizing: border-box; }
.chips-query { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 100%; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.chip { border: 1px solid #7a8cff; background: #eef0ff; color: #222; border-radius: 14px;
  padding: 2px 10px; cursor: pointer; font-size: 13px; }
.chips-title { font-size: 13px; color: var(--body-text-color-subdued); }
.badges { display: flex; gap: 8px; flex-wrap: wrap; }
.badge { border-radius: 12px; padding: 3px 10px; font-size: 13px; background: #eee; color: #222; }
.badge.escalate { background: #b3261e; color: #fff; font-weight: 700; }
.badge.ok { background: #dff3e4; }
.badge.negative { background: #fde2e1; } .badge.positive { background: #dff3e4; }
table.orders, .kv table, table.summary { border-collapse: collapse; font-size: 13px; width: 100%; }
table.orders td, table.orders th, .kv td, .kv th, table.summary td, table.summary th {
  border-bottom: 1px solid var(--border-color-primary); padding: 3px 6px; text-align: left; }
table.comparison { border-collapse: collapse; font-size: 13px; width: 100%; margin-bottom: 8px; }
table.comparison th, table.comparison td { border: 1px solid var(--border-color-primary);
  padding: 3px 6px; text-align: left; vertical-align: top; }
blockquote.passage { border-left: 4px solid #7a8cff; margin: 4px 0; padding: 4px 10px; }
blockquote.passage .source { font-size: 12px; font-weight: 700; }
blockquote.passage .cited { font-weight: 400; color: #1e7b34; }
.not-measured { color: #8a5a00; }
.profile-problem { color: #b3261e; font-size: 13px; }
.profile-title { margin: 0 0 4px 0; font-size: 15px; }
.profile-panel { font-size: 13px; }
.profile-panel h4 { margin: 6px 0 2px 0; font-size: 13px; }
.profile-panel ul { margin: 0 0 0 16px; padding: 0; }
.profile-panel li { margin: 2px 0; }
.profile-panel .confidence { font-weight: 700; }
.profile-panel .source, .profile-panel .evidence { color: var(--body-text-color-subdued); }
.profile-panel .soft-filter { border: 1px solid #d0a24a; background: #fff6e0; color: #222;
  border-radius: 12px; padding: 1px 8px; margin-right: 4px; }
.profile-panel button.forget, .profile-panel button.correct {
  border: 1px solid var(--border-color-primary); border-radius: 6px;
  padding: 0 6px; background: var(--button-secondary-background-fill); cursor: pointer;
  font-size: 12px; }
"""
