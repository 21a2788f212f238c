package jp.callmail.interfaces.operator.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import jp.callmail.domain.model.RuleViolation;
import org.junit.jupiter.api.Test;

class ImportBodyTest {

  @Test
  void readsUtf8() throws Exception {
    byte[] bytes = "大阪商事".getBytes(StandardCharsets.UTF_8);
    assertThat(ImportBody.read(new ByteArrayInputStream(bytes), "text/csv; charset=UTF-8", 100))
        .isEqualTo("大阪商事");
    assertThat(ImportBody.read(new ByteArrayInputStream(bytes), "text/csv", 100)).isEqualTo("大阪商事");
  }

  @Test
  void refusesMoreThanTheLimit() {
    assertThatThrownBy(
            () -> ImportBody.read(new ByteArrayInputStream(new byte[101]), "text/csv", 100))
        .isInstanceOf(ImportBody.TooLarge.class)
        .hasMessageContaining("100 bytes");
  }

  @Test
  void refusesShiftJisWhetherDeclaredOrNot() {
    byte[] sjis = "大阪商事".getBytes(Charset.forName("Shift_JIS"));
    assertThatThrownBy(() -> ImportBody.read(new ByteArrayInputStream(sjis), "text/csv", 100))
        .isInstanceOf(RuleViolation.class)
        .hasMessageContaining("not UTF-8");
    assertThatThrownBy(
            () ->
                ImportBody.read(new ByteArrayInputStream(sjis), "text/csv; charset=Shift_JIS", 100))
        .isInstanceOf(RuleViolation.class)
        .hasMessageContaining("Shift_JIS");
  }
}
