package dev.modelkit.dashboard.internal;

import dev.modelkit.CustomModelTrainingService;
import dev.modelkit.security.Permission;
import dev.modelkit.security.Principal;
import java.time.Clock;
import java.util.List;

/**
 * One request as the pages see it: who is calling, their service, the path and query, and the
 * helpers that render permission-aware, CSRF-protected buttons.
 */
final class Call {
  final Principal principal;
  final CustomModelTrainingService service;
  final List<String> path;
  final Form query;
  final Clock clock;
  final String csrf;
  final Curves curves;
  final Flash flash;

  Call(Principal principal, CustomModelTrainingService service, List<String> path, Form query, Clock clock, String csrf,
      Curves curves, Flash flash) {
    this.principal = principal;
    this.service = service;
    this.path = path;
    this.query = query;
    this.clock = clock;
    this.csrf = csrf;
    this.curves = curves;
    this.flash = flash;
  }

  boolean can(Permission p) {
    return service.allows(p);
  }

  String segment(int i) {
    return i < path.size() ? path.get(i) : null;
  }

  /** The hidden CSRF field every state-changing form carries. */
  String csrfField() {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + Html.esc(csrf) + "\">";
  }

  /**
   * A one-button form. Without the permission the button is rendered disabled with a tooltip
   * naming what is missing: the API would refuse the action anyway.
   */
  String button(String action, String label, Permission needs, String cssClass, String extraFields) {
    boolean allowed = can(needs);
    StringBuilder b = new StringBuilder();
    b.append("<form class=\"inline\" method=\"post\" action=\"").append(Html.esc(action)).append("\">").append(csrfField());
    if (extraFields != null) {
      b.append(extraFields);
    }
    b.append("<button type=\"submit\" class=\"").append(Html.esc(cssClass)).append('"');
    if (!allowed) {
      b.append(" disabled title=\"needs permission '").append(Html.esc(needs.wireName())).append("'\"");
    }
    b.append('>').append(Html.esc(label)).append("</button></form>");
    return b.toString();
  }
}
