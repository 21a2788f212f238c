package jp.callmail.sip.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import jp.callmail.sip.api.LineRoute;
import jp.callmail.sip.api.LineRoutes;
import jp.callmail.sip.api.LineRoutingUpdates;
import org.junit.jupiter.api.Test;

class LineTableTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final LineRoute WATCHED = new LineRoute("0312345678", true, "sip:127.0.0.1:5070");

  /** The requests the table made, each answered when the test says. */
  private final List<Instant> requested = new ArrayList<>();

  private final List<CompletableFuture<LineRoutes>> answers = new ArrayList<>();
  private final AtomicInteger oneByOne = new AtomicInteger();
  private final AtomicLong nanos = new AtomicLong();
  private boolean listening = true;

  private final LineTable table =
      new LineTable(
          since -> {
            if (!listening) {
              return null;
            }
            requested.add(since);
            CompletableFuture<LineRoutes> answer = new CompletableFuture<>();
            answers.add(answer);
            return answer;
          },
          number -> {
            oneByOne.incrementAndGet();
            return number.equals(WATCHED.number()) ? WATCHED : null;
          },
          nanos::get);

  private void answer(Instant asOf, LineRoute... routes) {
    answers.get(answers.size() - 1).complete(new LineRoutes(asOf, List.of(routes)));
  }

  @Test
  void beforeTheFirstLoadEachNumberIsAskedOfTheApplication() {
    assertThat(table.lookup("0312345678")).isEqualTo(WATCHED);
    assertThat(table.lookup("0399999999")).isEqualTo(LineRoute.unwatched("0399999999"));
    assertThat(oneByOne).hasValue(2);
    assertThat(table.getSize()).isEqualTo(-1);
  }

  @Test
  void onceLoadedCallsAreAnsweredFromTheTableAlone() {
    table.refresh();
    assertThat(requested).containsExactly((Instant) null);
    answer(
        T0,
        WATCHED,
        new LineRoute("0311112222", false, "sip:10.0.0.9"),
        LineRoute.unwatched("0322223333"));
    assertThat(table.lookup("0312345678")).isEqualTo(WATCHED);
    assertThat(table.lookup("0311112222").downstreamRoute()).isEqualTo("sip:10.0.0.9");
    assertThat(table.lookup("0399999999").watched()).isFalse();
    assertThat(oneByOne).hasValue(0);
    assertThat(table.getSize())
        .as("an unwatched line with the default route is not kept")
        .isEqualTo(2);
    assertThat(table.getAsOf()).isEqualTo(T0.toString());
  }

  @Test
  void laterRefreshesAskForWhatChangedSinceTheLastAnswer() {
    table.refresh();
    answer(T0, WATCHED);
    table.refresh();
    assertThat(requested).containsExactly(null, T0);
    answer(
        T0.plusSeconds(2),
        new LineRoute("0312345678", false, null),
        new LineRoute("0355556666", true, null));
    assertThat(table.lookup("0312345678").watched()).as("cancelled").isFalse();
    assertThat(table.lookup("0355556666").watched()).as("created").isTrue();
    table.refresh();
    assertThat(requested).containsExactly(null, T0, T0.plusSeconds(2));
  }

  @Test
  void theWholeTableIsReloadedNowAndThen() {
    table.refresh();
    answer(T0, WATCHED);
    nanos.addAndGet(LineTable.FULL_RELOAD.toNanos());
    table.refresh();
    answer(T0.plusSeconds(600), new LineRoute("0355556666", true, null));
    assertThat(requested).containsExactly(null, null);
    assertThat(table.lookup("0312345678").watched()).as("gone from a whole answer").isFalse();
    assertThat(table.lookup("0355556666").watched()).isTrue();
  }

  @Test
  void aRefreshIsNotAskedAgainWhileOneIsUnanswered() {
    table.refresh();
    table.refresh();
    assertThat(requested).hasSize(1);
    answer(T0, WATCHED);
    table.refresh();
    assertThat(requested).hasSize(2);
  }

  @Test
  void whileTheApplicationCannotAnswerTheTableKeepsItsRoutes() {
    table.refresh();
    answer(T0, WATCHED);
    table.refresh();
    answers.get(1).completeExceptionally(new IllegalStateException("database down"));
    assertThat(table.lookup("0312345678")).isEqualTo(WATCHED);
    table.refresh();
    assertThat(requested).as("asked again from the last good answer").containsExactly(null, T0, T0);
  }

  @Test
  void withNoApplicationListeningNothingIsAsked() {
    listening = false;
    table.refresh();
    listening = true;
    table.refresh();
    assertThat(requested).hasSize(1);
  }

  @Test
  void anAnswerToAnApplicationThatHasGoneIsDropped() {
    table.refresh();
    table.clear();
    answer(T0, WATCHED);
    assertThat(table.getSize()).isEqualTo(-1);
    assertThat(table.lookup("0399999999").watched()).isFalse();
    assertThat(oneByOne).as("asked one by one again").hasValue(1);
  }

  @Test
  void theApplicationsOwnChangesHoldAtOnce() {
    table.routesChanged(List.of(new LineRoute("0355556666", true, null)));
    assertThat(table.getSize()).as("nothing to update before the first load").isEqualTo(-1);
    table.refresh();
    answer(T0, WATCHED);
    table.routesChanged(
        List.of(
            new LineRoute("0355556666", true, null),
            new LineRoute("0312345678", true, "sip:10.0.0.7")));
    assertThat(table.lookup("0355556666").watched()).isTrue();
    assertThat(table.lookup("0312345678").downstreamRoute()).isEqualTo("sip:10.0.0.7");
    table.routesChanged(List.of(LineRoute.unwatched("0312345678")));
    assertThat(table.getSize()).isEqualTo(1);
  }

  /** The application's path: a typed proxy of the API interface, no operation named in a string. */
  @Test
  void theApplicationReachesTheTableThroughATypedProxy() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    ObjectName name = new ObjectName(LineRoutingUpdates.OBJECT_NAME);
    server.registerMBean(new StandardMBean(table, LineRoutingUpdates.class), name);
    table.refresh();
    answer(T0, WATCHED);

    JMX.newMBeanProxy(server, name, LineRoutingUpdates.class)
        .routesChanged(List.of(new LineRoute("0312345678", true, "sip:10.0.0.7")));

    assertThat(table.lookup("0312345678").downstreamRoute()).isEqualTo("sip:10.0.0.7");
  }
}
