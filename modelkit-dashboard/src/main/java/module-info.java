/** The embeddable ModelKit web console, served by the JDK's HTTP server. */
module dev.modelkit.dashboard {
  requires transitive dev.modelkit.api;
  requires jdk.httpserver;
  requires org.slf4j;

  exports dev.modelkit.dashboard;
}
