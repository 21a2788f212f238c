package jp.callmail.sip.connector.proxy;

import java.text.ParseException;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Responses callmail makes itself: the proxy's errors and its answer to OPTIONS addressed to it,
 * and the IVR's answers (one place for the To tag of §8.2.6.2 and for sending with or without a
 * transaction).
 */
public final class Responder {

  private static final Logger LOG = Logger.getLogger(Responder.class.getName());

  /**
   * To-tag prefix of the proxy's stateless overload answers, so that their ACKs are known as ours.
   */
  static final String OVERLOAD_TAG = "cm-overload-";

  private static final int OVERLOAD_RETRY_AFTER_SECONDS = 5;
  private static final List<String> ALLOWED =
      List.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "PRACK", "UPDATE", "INFO");

  private final SipProvider provider;
  private final MessageFactory messages;
  private final HeaderFactory headers;

  public Responder(SipProvider provider, MessageFactory messages, HeaderFactory headers) {
    this.provider = provider;
    this.messages = messages;
    this.headers = headers;
  }

  /** Sends a response on the server transaction (statelessly when there is none). */
  void respond(ServerTransaction server, Request request, int status, String reason)
      throws ParseException, SipException, javax.sip.InvalidArgumentException {
    send(server, create(request, status, reason));
  }

  /**
   * Like {@link #respond} for paths that are already handling a failure: logs instead of throwing.
   */
  void tryRespond(ServerTransaction server, Request request, int status, String reason) {
    tryRespond(server, request, status, reason, List.of());
  }

  /**
   * A response with headers of the answering party's own (Allow, Accept, ...); logs instead of
   * throwing, for answers that nothing can be done about when they fail.
   */
  public void tryRespond(
      ServerTransaction server, Request request, int status, String reason, List<Header> extra) {
    if (request == null) {
      return;
    }
    try {
      Response response = create(request, status, reason);
      for (Header header : extra) {
        response.addHeader(header);
      }
      send(server, response);
    } catch (Exception e) {
      LOG.log(Level.FINE, e, () -> "Could not send " + status + " for " + request.getMethod());
    }
  }

  /** 420 Bad Extension listing the option tags we do not support (RFC 3261 §8.2.2.3, §16.3). */
  void respondUnsupported(ServerTransaction server, Request request, List<String> tags)
      throws ParseException, SipException, javax.sip.InvalidArgumentException {
    Response response = create(request, Response.BAD_EXTENSION, null);
    for (String tag : tags) {
      response.addHeader(headers.createUnsupportedHeader(tag));
    }
    send(server, response);
  }

  /**
   * 503 with Retry-After for a call that arrives while the proxy is full (RFC 3261 §21.5.4), sent
   * without a transaction so that overload leaves no state behind: a retransmitted INVITE is
   * answered again, and the ACK is recognised by the To tag and absorbed.
   */
  void respondOverloaded(Request request)
      throws ParseException, SipException, javax.sip.InvalidArgumentException {
    Response response = messages.createResponse(Response.SERVICE_UNAVAILABLE, request);
    response.setReasonPhrase("Overloaded");
    ((ToHeader) response.getHeader(ToHeader.NAME))
        .setTag(OVERLOAD_TAG + UUID.randomUUID().toString().substring(0, 8));
    response.addHeader(headers.createRetryAfterHeader(OVERLOAD_RETRY_AFTER_SECONDS));
    provider.sendResponse(response);
  }

  static boolean isOverloadAck(Request ack) {
    String tag = ((ToHeader) ack.getHeader(ToHeader.NAME)).getTag();
    return tag != null && tag.startsWith(OVERLOAD_TAG);
  }

  /**
   * A response listing what the proxy accepts when it is itself the target (200 to OPTIONS, 405).
   */
  void respondAllow(ServerTransaction server, Request request, int status)
      throws ParseException, SipException, javax.sip.InvalidArgumentException {
    Response response = create(request, status, null);
    for (String method : ALLOWED) {
      // One AllowHeader per method: the factory refuses a comma list for a single header.
      response.addHeader(headers.createAllowHeader(method));
    }
    if (status == Response.OK) {
      response.addHeader(headers.createAcceptHeader("application", "sdp"));
    }
    send(server, response);
  }

  private Response create(Request request, int status, String reason) throws ParseException {
    Response response = messages.createResponse(status, request);
    if (reason != null) {
      response.setReasonPhrase(reason);
    }
    ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
    if (status > 100 && to != null && to.getTag() == null) {
      to.setTag(UUID.randomUUID().toString().substring(0, 8)); // §8.2.6.2
    }
    return response;
  }

  private void send(ServerTransaction server, Response response)
      throws SipException, javax.sip.InvalidArgumentException {
    if (server != null) {
      server.sendResponse(response);
    } else {
      provider.sendResponse(response);
    }
  }
}
