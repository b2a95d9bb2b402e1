package io.rcsgw.rules.content;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.reflect.ReflectionObjectHandler;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * A bot's own SMS rendering, as a Mustache template (logic-less: values, sections, inverted
 * sections; see {@link SmsRendering#context} for the values). Safe by construction: no partials
 * or files, no methods or fields of any object are reachable (only the context's maps), and
 * nothing is HTML-escaped (an SMS is plain text).
 */
public final class SmsTemplate {

    private static final DefaultMustacheFactory FACTORY = new DefaultMustacheFactory() {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Reader getReader(String resourceName) {
            throw new MustacheException("templates cannot include others ({{> " + resourceName + "}})");
        }
    };

    static {
        FACTORY.setObjectHandler(new ReflectionObjectHandler() {
            @Override
            protected void checkMethod(Method member) throws NoSuchMethodException {
                throw new NoSuchMethodException("no methods in SMS templates");
            }

            @Override
            protected void checkField(Field member) throws NoSuchFieldException {
                throw new NoSuchFieldException("no fields in SMS templates");
            }
        });
    }

    private final String source;
    private final Mustache mustache;

    private SmsTemplate(String source, Mustache mustache) {
        this.source = source;
        this.mustache = mustache;
    }

    /** Compiles a template; an {@link IllegalArgumentException} says what is wrong and on which line. */
    public static SmsTemplate compile(String source) {
        try {
            return new SmsTemplate(source, FACTORY.compile(new StringReader(source), "template"));
        } catch (MustacheException e) {
            throw new IllegalArgumentException(e.getMessage().replace("@[template:", "at line ").replace("]", ""), e);
        }
    }

    String render(Map<String, Object> context) {
        StringWriter out = new StringWriter();
        mustache.execute(out, context);
        return out.toString();
    }

    public String source() {
        return source;
    }
}
