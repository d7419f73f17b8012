package io.streamguard.engine.regex;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JavaScript form shipped for a pattern, exactly: what JavaScript lacks is translated, the rest reads as
 * written. That each form means what the engine means is {@code JavaScriptDifferentialTest}'s job.
 */
class ClientPatternTest {

    @ParameterizedTest(name = "/{0}/{1} ships as /{2}/{3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', emptyValue = "", nullValues = "", textBlock = """
			AKIA[0-9A-Z]{16}            |    | AKIA[0-9A-Z]{16}           |
			(?i)aws_key=\\w+              |    | aws_key=\\w+               | i
			aws_key                     | i  | aws_key                    | i
			(?i)key(?-i:X)              |    | [Kk][Ee][Yy]X              |
			a(?i)b(?:c)                 |    | a[Bb][Cc]                  |
			(?:a(?i)b)c                 |    | a[Bb]c                     |
			a.b                         |    | a.b                        |
			a(?s:.)b                    |    | a[\\s\\S]b                 |
			a.b                         | s  | a[\\s\\S]b                 |
			abc\\z                      |    | abc$                       |
			\\Aabc                      |    | ^abc                       |
			^abc$                       | m  | ^abc$                      | m
			(?m)^a$                     |    | ^a$                        | m
			(?m:^a)\\z                  |    | ^a(?![\\s\\S])             | m
			\\A(?m:a$)                  |    | (?<![\\s\\S])a$            | m
			(?P<key_ops>ab)+?c          |    | (?:ab)+?c                  |
			`(?<n>a)(?:b|c)`            |    | `a(?:b|c)`                 |
			`(a|b)|c`                   |    | `a|b|c`                    |
			(?:a{2})+                   |    | (?:a{2})+                  |
			(?:a+)?b                    |    | (?:a+)?b                   |
			σ+                          | i  | σ+                         | i
			[kK]                        |    | k                          | i
			[kK]1                       |    | k1                         | i
			[kK]x                       |    | [Kk]x                      |
			[^a]x                       | i  | [^a]x                      | i
			\\d\\D\\w\\W\\s\\S              |    | \\d\\D\\w\\W\\s\\S             |
			[\\w.-]+@x                  |    | [\\w\\-.]+@x                 |
			\\.\\*\\$\\{\\/              |    | \\.\\*\\$\\{\\/             |
			[\\]\\-^]                    |    | [\\-\\]\\^]                   |
			\\x00\\u00e9\\u2028            |    | \\x00é\\u2028              |
			ab*?c                       |    | ab*?c                      |
			(?U)ab*c*?                  |    | ab*?c*                     |
			""")
    void theClientFormIsThePatternWithWhatJavaScriptLacksTranslated(
            String pattern, String flags, String source, String clientFlags) {
        PortableRegex regex =
                ((PortableRegex.Compiled) PortableRegex.compile(pattern, flags == null ? "" : flags)).regex();
        assertThat(regex.clientPattern()).isEqualTo(source);
        assertThat(regex.clientFlags()).isEqualTo(clientFlags == null ? "" : clientFlags);
    }
}
