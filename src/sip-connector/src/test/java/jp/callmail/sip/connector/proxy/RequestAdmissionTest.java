package jp.callmail.sip.connector.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.SipFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * New non-INVITE requests from one address beyond its bucket, or while the transaction table is
 * full, are shed with a 503; what finishes work in progress always passes.
 */
class RequestAdmissionTest {

  private static MessageFactory messages;

  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final AtomicInteger transactions = new AtomicInteger();
  private final List<Request> shed = new CopyOnWriteArrayList<>();
  private final AtomicLong late = new AtomicLong();

  @BeforeAll
  static void factory() throws Exception {
    SipFactory factory = SipFactory.getInstance();
    factory.setPathName("gov.nist");
    messages = factory.createMessageFactory();
  }

  private RequestAdmission admission(double rate, int burst, int maxTransactions) {
    return new RequestAdmission(
        new RequestAdmission.Settings(rate, burst),
        transactions::get,
        maxTransactions,
        shed::add,
        now::get,
        late::get);
  }

  private static Request request(String method, String toTag) throws Exception {
    return messages.createRequest(
        method
            + " sip:proxy@127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK"
            + System.nanoTime()
            + "\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:a@192.0.2.1>;tag=1\r\n"
            + "To: <sip:proxy@127.0.0.1>"
            + (toTag == null ? "" : ";tag=" + toTag)
            + "\r\n"
            + "Call-ID: "
            + System.nanoTime()
            + "@192.0.2.1\r\n"
            + "CSeq: 1 "
            + method
            + "\r\n"
            + "Content-Length: 0\r\n\r\n");
  }

  private int admitted(RequestAdmission admission, String method, String address, int count)
      throws Exception {
    int admitted = 0;
    for (int i = 0; i < count; i++) {
      if (admission.admit(request(method, null), false, address, 5060)) {
        admitted++;
      }
    }
    return admitted;
  }

  @Test
  void aSourceGetsItsBurstThenItsRate() throws Exception {
    RequestAdmission admission = admission(50, 200, 40_000);
    assertThat(admitted(admission, "OPTIONS", "192.0.2.1", 1000)).isEqualTo(200);
    assertThat(shed).hasSize(800).allMatch(r -> r.getMethod().equals("OPTIONS"));

    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100)); // 5 tokens back
    assertThat(admitted(admission, "REGISTER", "192.0.2.1", 10)).isEqualTo(5);

    assertThat(admitted(admission, "MESSAGE", "198.51.100.7", 10))
        .as("another source has its own bucket")
        .isEqualTo(10);
  }

  @Test
  void keepAlivesOfALegitimatePeerAreNeverShed() throws Exception {
    RequestAdmission admission = admission(50, 200, 40_000);
    for (int second = 0; second < 120; second++) {
      assertThat(admitted(admission, "OPTIONS", "192.0.2.1", 10)).isEqualTo(10);
      now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    }
    assertThat(shed).isEmpty();
  }

  @Test
  void workInProgressAlwaysPasses() throws Exception {
    RequestAdmission admission = admission(1, 1, 10);
    transactions.set(10); // table full, and the bucket is spent below
    assertThat(admission.admit(request("OPTIONS", null), false, "192.0.2.1", 5060)).isFalse();
    assertThat(admission.admit(request("BYE", "abc"), false, "192.0.2.1", 5060))
        .as("in dialog")
        .isTrue();
    assertThat(admission.admit(request("ACK", null), false, "192.0.2.1", 5060)).isTrue();
    assertThat(admission.admit(request("CANCEL", null), false, "192.0.2.1", 5060)).isTrue();
    assertThat(admission.admit(request("INVITE", null), false, "192.0.2.1", 5060))
        .as("SipProxy guards INVITEs")
        .isTrue();
    assertThat(admission.admit(request("OPTIONS", null), true, "192.0.2.1", 5060))
        .as("a retransmission")
        .isTrue();
    assertThat(shed).hasSize(1);
  }

  @Test
  void lateNewRequestsAreShedWhileCallsInProgressPass() throws Exception {
    RequestAdmission admission = admission(50, 200, 40_000);
    assertThat(admission.admit(request("INVITE", null), false, "192.0.2.1", 5060))
        .as("on time")
        .isTrue();

    late.set(600); // waited 600 ms in a queue that is behind
    assertThat(admission.admit(request("INVITE", null), false, "192.0.2.1", 5060)).isFalse();
    assertThat(admission.admit(request("OPTIONS", null), false, "192.0.2.1", 5060)).isFalse();
    assertThat(admission.admit(request("INVITE", "abc"), false, "192.0.2.1", 5060))
        .as("a re-INVITE belongs to a call in progress")
        .isTrue();
    assertThat(admission.admit(request("BYE", "abc"), false, "192.0.2.1", 5060)).isTrue();
    assertThat(admission.admit(request("ACK", null), false, "192.0.2.1", 5060)).isTrue();
    assertThat(admission.admit(request("CANCEL", null), false, "192.0.2.1", 5060)).isTrue();
    assertThat(admission.admit(request("INVITE", null), true, "192.0.2.1", 5060))
        .as("a retransmission the stack matched to its transaction")
        .isTrue();
    assertThat(shed).extracting(Request::getMethod).containsExactly("INVITE", "OPTIONS");
  }

  @Test
  void aFullTransactionTableShedsEvenWithinTheRate() throws Exception {
    RequestAdmission admission = admission(0, 1, 100); // no per-source limit
    transactions.set(99);
    assertThat(admitted(admission, "SUBSCRIBE", "192.0.2.1", 500)).isEqualTo(500);
    transactions.set(100);
    assertThat(admitted(admission, "SUBSCRIBE", "192.0.2.1", 3)).isZero();
    assertThat(admitted(admission, "FOO", "192.0.2.2", 3)).as("unknown methods too").isZero();
    assertThat(shed).hasSize(6);
  }

  @Test
  void manySpoofedSourcesShareOneBucketInsteadOfGrowingTheTable() throws Exception {
    RequestAdmission admission = admission(50, 2, 40_000);
    for (int i = 0; i < RequestAdmission.MAX_SOURCES + 500; i++) {
      admission.admit(
          request("OPTIONS", null),
          false,
          "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255),
          5060);
    }
    assertThat(admission.trackedSources()).isLessThanOrEqualTo(RequestAdmission.MAX_SOURCES + 1);
    assertThat(shed).as("the shared bucket sheds most of the overflow").hasSizeGreaterThan(400);
  }
}
