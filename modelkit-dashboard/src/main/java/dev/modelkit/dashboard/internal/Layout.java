package dev.modelkit.dashboard.internal;

import dev.modelkit.security.Principal;
import java.util.List;

/** The page shell: navigation, who is signed in, the live region and the script. */
final class Layout {
  static final List<String[]> NAV = List.of(
      new String[] {"training", "Training"},
      new String[] {"knowledge", "Knowledge bases"},
      new String[] {"performance", "Performance"},
      new String[] {"experiments", "A/B tests"},
      new String[] {"deployments", "Deployments"},
      new String[] {"resources", "Resources"});

  private Layout() {}

  static String page(String section, String title, Principal who, String flash, String before, String live, String after,
      boolean liveUpdates) {
    StringBuilder b = new StringBuilder(8192);
    b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(Html.esc(title)).append(" · ModelKit</title>")
        .append("<link rel=\"icon\" href=\"/assets/icon.svg\" type=\"image/svg+xml\">")
        .append("<link rel=\"stylesheet\" href=\"/assets/dashboard.css\">")
        .append("<script src=\"/assets/dashboard.js\" defer></script></head><body>");
    b.append("<header><a class=\"brand\" href=\"/\">ModelKit</a><nav>");
    for (String[] n : NAV) {
      b.append("<a href=\"/").append(n[0]).append('"').append(n[0].equals(section) ? " class=\"active\"" : "")
          .append('>').append(n[1]).append("</a>");
    }
    b.append("</nav>");
    if (who != null) {
      b.append("<span class=\"who\">").append(Html.esc(who.userId())).append(" · ").append(Html.esc(who.organizationId()))
          .append(" · ").append(Html.esc(String.join(", ", new java.util.TreeSet<>(who.roles())))).append("</span>");
    }
    b.append("</header><main><h1>").append(Html.esc(title)).append("</h1>");
    if (flash != null) {
      b.append("<div class=\"flash\" id=\"flash\">").append(flash).append("</div>");
    }
    b.append(before);
    if (live != null) {
      b.append("<div id=\"live\"").append(liveUpdates ? " data-live=\"on\"" : "").append('>').append(live).append("</div>");
    }
    b.append(after).append("<p class=\"status\" id=\"live-status\"></p></main></body></html>");
    return b.toString();
  }

  static String error(int status, String title, String message, Principal who) {
    String body = "<div class=\"error\" id=\"error\"><p>" + Html.esc(message) + "</p><p><a href=\"/\">Back to the dashboard</a></p></div>";
    return page(null, status + " " + title, who, null, body, null, "", false);
  }
}
