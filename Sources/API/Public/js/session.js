// Who is signed in, and what their role allows.

const ranks = { viewer: 0, operator: 1, admin: 2 };
let current = null;

/** The signed-in user ({id, username, display_name, role, ...}) or null. */
export function user() {
  return current;
}

export function setUser(value) {
  current = value;
}

/** True when the signed-in user has `role` or a higher one. */
export function can(role) {
  return Boolean(current) && (ranks[current.role] ?? -1) >= ranks[role];
}
