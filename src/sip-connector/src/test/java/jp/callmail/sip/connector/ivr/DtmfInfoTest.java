package jp.callmail.sip.connector.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SIP INFO DTMF as real phones send it. */
class DtmfInfoTest {

  @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      textBlock =
          """
          application/dtmf-relay                 | Signal=5\\r\\nDuration=160\\r\\n  | 5
          application/dtmf-relay                 | Signal= *\\r\\nDuration=160\\r\\n | *
          application/dtmf-relay                 | Signal=#\\nDuration=250\\n        | #
          Application/DTMF-Relay; charset=utf-8  | signal=0\\nduration=100           | 0
          application/dtmf-relay                 | Duration=160\\nSIGNAL = 9          | 9
          application/dtmf-relay                 | Signal=10\\r\\nDuration=160       | *
          application/dtmf-relay                 | Signal=11\\r\\nDuration=160       | #
          application/dtmf-relay                 | Signal=a\\r\\n                     | A
          application/dtmf-relay                 | Signal=16\\r\\n                    | NONE
          application/dtmf-relay                 | Signal=\\r\\n                      | NONE
          application/dtmf-relay                 | Signal=55\\r\\n                    | NONE
          application/dtmf-relay                 | Duration=160\\r\\n                 | NONE
          application/dtmf-relay                 | ''                                  | NONE
          application/dtmf                       | 7                                   | 7
          application/dtmf                       | ' #\\r\\n'                          | #
          APPLICATION/DTMF ; foo=bar             | 11                                  | #
          application/dtmf                       | 10                                  | *
          application/dtmf                       | x                                   | NONE
          application/sdp                        | Signal=5                            | NONE
          text/plain                             | 5                                   | NONE
          """)
  void readsTheKey(String contentType, String body, String key) {
    String unescaped = body.replace("\\r", "\r").replace("\\n", "\n");
    assertThat(DtmfInfo.parse(contentType, unescaped.getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(java.util.Optional.ofNullable(key).map(k -> k.charAt(0)));
  }

  @ParameterizedTest
  @CsvSource(
      value = {"NONE, 5", "application/dtmf, NONE"},
      nullValues = "NONE")
  void nothingToReadIsNoKey(String contentType, String body) {
    byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.US_ASCII);
    assertThat(DtmfInfo.parse(contentType, bytes)).isEmpty();
  }
}
