package jp.callmail.application;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

  @Test
  void controlCharactersCannotForgeALogLine() {
    assertThat(LogText.escape("admin\r\n2026-12-01 INFO operator login user=root outcome=ACCEPTED"))
        .startsWith("admin\\x0d\\x0a2026-12-01 INFO");
    assertThat(LogText.escape("a\u001b[31mred\u0000\\")).isEqualTo("a\\x1b[31mred\\x00\\\\");
    assertThat(LogText.escape("\u202eevil")).isEqualTo("\\u202eevil");
  }

  @Test
  void japaneseTextStaysReadableAndLongTextIsCut() {
    assertThat(LogText.escape("大阪商事")).isEqualTo("大阪商事");
    assertThat(LogText.escape("x".repeat(500), 10)).isEqualTo("xxxxxxxxxx…");
    assertThat(LogText.escape(null)).isEqualTo("null");
  }
}
