package jp.callmail.sip.connector.proxy;

import java.text.ParseException;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/** Responses the proxy makes itself: errors, and its answer to OPTIONS addressed to it. */
final class Responder {

  private static final Logger LOG = Logger.getLogger(Responder.class.getName());
  private static final List<String> ALLOWED =
      List.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "PRACK", "UPDATE", "INFO");

  private final SipProvider provider;
  private final MessageFactory messages;
  private final HeaderFactory headers;

  Responder(SipProvider provider, MessageFactory messages, HeaderFactory headers) {
    this.provider = provider;
    this.messages = messages;
    this.headers = headers;
  }

  /** Sends a response on the server transaction (statelessly when there is none). */
  void respond(ServerTransaction server, Request request, int status, String reason)
      throws ParseException, SipException, javax.sip.InvalidArgumentException {
    send(server, create(request, status, reason));
  }

  /** Like {@link #respond} for paths that are already handling a failure: logs instead of throwing. */
  void tryRespond(ServerTransaction server, Request request, int status, String reason) {
    if (request == null) {
      return;
    }
    try {
      respond(server, request, status, reason);
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

  /** A response listing what the proxy accepts when it is itself the target (200 to OPTIONS, 405). */
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
