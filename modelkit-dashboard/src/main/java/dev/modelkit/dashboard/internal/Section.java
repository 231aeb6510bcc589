package dev.modelkit.dashboard.internal;

/** One area of the dashboard: its pages, its live region and its actions. */
interface Section {

  /**
   * A rendered page.
   *
   * @param title the heading
   * @param before HTML above the live region
   * @param live the live region's HTML, re-rendered while watched; null for none
   * @param after HTML below the live region
   */
  record View(String title, String before, String live, String after) {}

  /** @return the first path segment, for example {@code training} */
  String name();

  /** Renders the page addressed by the call's path. */
  View page(Call call);

  /** Renders only the live region of the page addressed by the call's path. */
  String live(Call call);

  /**
   * Performs a POSTed action.
   *
   * @return the path to redirect to, with the flash message to show there
   */
  Redirect post(Call call, Form form);

  /**
   * Where a POST leads.
   *
   * @param location the path
   * @param message HTML (escaped by its author) to show once, or null
   */
  record Redirect(String location, String message) {}
}
