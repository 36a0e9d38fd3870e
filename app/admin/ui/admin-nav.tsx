// The admin console's own navigation, on each of its pages.
import { NavLink } from "@remix-run/react";

const LINKS = [
  { to: "/admin", label: "Overview", end: true },
  { to: "/admin/organisations", label: "Organisations" },
  { to: "/admin/people", label: "People" },
  { to: "/admin/audit", label: "Audit log" },
  { to: "/outbox", label: "Outbox" },
];

export function AdminNav() {
  return (
    <nav aria-label="Admin console" className="mb-6 flex flex-wrap gap-1 border-b border-slate-200 pb-2">
      {LINKS.map((link) => (
        <NavLink
          key={link.to}
          to={link.to}
          end={link.end}
          className={({ isActive }) =>
            `rounded-md px-3 py-1.5 text-sm font-medium no-underline ${isActive ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100"}`
          }
        >
          {link.label}
        </NavLink>
      ))}
    </nav>
  );
}
