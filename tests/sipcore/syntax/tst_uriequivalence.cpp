// Covers equivalent(Uri, Uri): every example pair of RFC 3261 §19.1.4, equivalent and not,
// including its non-transitive security=on/off trio; sip against sips; userinfo case and
// presence (user, password, empty password); escapes (unreserved decoded in user, password,
// parameter names and values and headers; reserved ones and '%' kept apart from their literal
// form; hex digit case); host case and IP literals by address (RFC 5954: IPv6 case, compressed
// and full forms, leading zeros, embedded IPv4; IPv4 leading zeros; IPv4 against mapped IPv6);
// ports; the uri-parameters compared when in one URI only (transport, user, ttl, method, maddr)
// and those ignored (lr, unknown ones), flags against values, maddr as a host; URI header
// components (order, name case, compact forms, repeated names, values); tel URIs (RFC 3966 §4:
// visual separators, global against local, hex digit case, phone-context forms, ext, parameters
// in one only); other schemes compared as exact opaque text. Every row also checks symmetry and
// that each URI equals itself.
#include "sipcore/syntax/uri.h"
#include "sipcore/syntax/uriequivalence.h"

#include "support/qtconvert.h"

#include <QTest>

using namespace sipcore;
using namespace sipcore::test;

namespace {

void addRow(const char *name, const char *a, const char *b, bool expected)
{
    QTest::newRow(name) << QByteArray(a) << QByteArray(b) << expected;
}

Uri parsed(const char *text)
{
    auto uri = Uri::parse(text);
    if (!uri)
        qFatal("test URI does not parse: %s", text);
    return *uri;
}

} // namespace

class tst_UriEquivalence : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void compare_data()
    {
        QTest::addColumn<QByteArray>("a");
        QTest::addColumn<QByteArray>("b");
        QTest::addColumn<bool>("expected");

        // RFC 3261 §19.1.4, the equivalent examples (the carol trio as all three pairs).
        addRow("rfcEscapedUserHostCaseTransportCase", "sip:%61lice@atlanta.com;transport=TCP",
               "sip:alice@AtLanTa.CoM;Transport=tcp", true);
        addRow("rfcNewparamInOneOnly", "sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5",
               true);
        addRow("rfcSecurityInOneOnly", "sip:carol@chicago.com", "sip:carol@chicago.com;security=on",
               true);
        addRow("rfcNewparamAgainstSecurity", "sip:carol@chicago.com;newparam=5",
               "sip:carol@chicago.com;security=on", true);
        addRow("rfcParameterOrder",
               "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
               "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com", true);
        addRow("rfcHeaderOrder", "sip:alice@atlanta.com?subject=project%20x&priority=urgent",
               "sip:alice@atlanta.com?priority=urgent&subject=project%20x", true);

        // RFC 3261 §19.1.4, the examples that are not equivalent.
        addRow("rfcDifferentUserCase", "SIP:ALICE@AtLanTa.CoM;Transport=udp",
               "sip:alice@AtLanTa.CoM;Transport=UDP", false);
        addRow("rfcOmittedPortAgainst5060", "sip:bob@biloxi.com", "sip:bob@biloxi.com:5060", false);
        addRow("rfcOmittedTransportAgainstUdp", "sip:bob@biloxi.com",
               "sip:bob@biloxi.com;transport=udp", false);
        addRow("rfcOmittedPortAndTransport", "sip:bob@biloxi.com",
               "sip:bob@biloxi.com:6000;transport=tcp", false);
        addRow("rfcHeaderInOneOnly", "sip:carol@chicago.com",
               "sip:carol@chicago.com?Subject=next%20meeting", false);
        addRow("rfcHostnameAgainstItsAddress", "sip:bob@phone21.boxesbybob.com",
               "sip:bob@192.0.2.4", false);

        // RFC 3261 §19.1.4, equality is not transitive.
        addRow("rfcSecurityOffInOneOnly", "sip:carol@chicago.com",
               "sip:carol@chicago.com;security=off", true);
        addRow("rfcSecurityOnAgainstOff", "sip:carol@chicago.com;security=on",
               "sip:carol@chicago.com;security=off", false);

        // Scheme.
        addRow("sipAgainstSips", "sip:alice@atlanta.com", "sips:alice@atlanta.com", false);
        addRow("sipsSchemeCase", "SIPS:alice@atlanta.com", "sips:alice@atlanta.com", true);
        addRow("identicalSips", "sips:alice@atlanta.com:5061", "sips:alice@atlanta.com:5061", true);

        // userinfo: case-sensitive, present in both or neither, written as is.
        addRow("userOmitted", "sip:atlanta.com", "sip:alice@atlanta.com", false);
        addRow("userDiffers", "sip:alice@atlanta.com", "sip:bob@atlanta.com", false);
        addRow("passwordOmitted", "sip:alice@atlanta.com", "sip:alice:secret@atlanta.com", false);
        addRow("emptyPasswordAgainstNone", "sip:alice:@atlanta.com", "sip:alice@atlanta.com",
               false);
        addRow("samePassword", "sip:alice:secret@atlanta.com", "sip:alice:secret@atlanta.com",
               true);
        addRow("passwordCase", "sip:alice:Secret@atlanta.com", "sip:alice:secret@atlanta.com",
               false);
        addRow("telephoneSubscriberUserKeepsSeparators", "sip:+1-212-555-1212@gw.com;user=phone",
               "sip:+12125551212@gw.com;user=phone", false);

        // Escapes: an escaped unreserved character equals the character itself.
        addRow("escapedUserCharacterCaseSensitive", "sip:%41lice@atlanta.com",
               "sip:alice@atlanta.com", false);
        addRow("escapedUppercaseUserCharacter", "sip:%41lice@atlanta.com", "sip:Alice@atlanta.com",
               true);
        addRow("escapedPassword", "sip:alice:%73ecret@atlanta.com", "sip:alice:secret@atlanta.com",
               true);
        addRow("escapedReservedHexCase", "sip:a%3bb@atlanta.com", "sip:a%3Bb@atlanta.com", true);
        addRow("escapedReservedAgainstLiteralInUser", "sip:a%3Bb@atlanta.com",
               "sip:a;b@atlanta.com", false);
        addRow("escapedAtAgainstEscapedAt", "sip:a%40b@atlanta.com", "sip:a%40b@atlanta.com", true);
        addRow("escapedPercentIsNotAnEscape", "sip:%2561lice@atlanta.com",
               "sip:%61lice@atlanta.com", false);
        addRow("escapedPercentAgainstEscapedReserved", "sip:a%2540b@atlanta.com",
               "sip:a%40b@atlanta.com", false);
        addRow("escapedParameterValue", "sip:atlanta.com;transport=%74cp",
               "sip:atlanta.com;transport=TCP", true);
        addRow("escapedParameterName", "sip:atlanta.com;%74ransport=tcp",
               "sip:atlanta.com;transport=tcp", true);
        addRow("escapedParameterNameInOneOnly", "sip:atlanta.com;%74ransport=tcp",
               "sip:atlanta.com", false);
        addRow("escapedReservedAgainstLiteralInParameter", "sip:atlanta.com;foo=a%3Ab",
               "sip:atlanta.com;foo=a:b", false);
        addRow("escapedHeaderValue", "sip:atlanta.com?subject=%70roject",
               "sip:atlanta.com?subject=project", true);
        addRow("escapedHeaderName", "sip:atlanta.com?%73ubject=project",
               "sip:atlanta.com?subject=project", true);
        addRow("escapedReservedAgainstLiteralInHeader", "sip:atlanta.com?x=a%2Fb",
               "sip:atlanta.com?x=a/b", false);

        // Host: case-insensitive; IP literals by the address they denote (RFC 5954 §4).
        addRow("hostnameCase", "sip:alice@ATLANTA.com", "sip:alice@atlanta.com", true);
        addRow("differentHostnames", "sip:alice@atlanta.com", "sip:alice@biloxi.com", false);
        addRow("ipv6HexCase", "sip:alice@[2001:DB8::A]", "sip:alice@[2001:db8::a]", true);
        addRow("ipv6CompressedAgainstFull", "sip:alice@[2001:db8::1]",
               "sip:alice@[2001:db8:0:0:0:0:0:1]", true);
        addRow("ipv6LeadingZeros", "sip:alice@[2001:0db8::0001]", "sip:alice@[2001:db8::1]", true);
        addRow("ipv6DifferentAddress", "sip:alice@[2001:db8::1]", "sip:alice@[2001:db8::2]", false);
        addRow("ipv6EmbeddedIpv4AgainstHex", "sip:alice@[::ffff:192.0.2.1]",
               "sip:alice@[::ffff:c000:201]", true);
        addRow("ipv6EmbeddedIpv4LeadingZeros", "sip:alice@[::ffff:192.000.002.001]",
               "sip:alice@[::ffff:192.0.2.1]", true);
        addRow("ipv4LeadingZeros", "sip:bob@192.000.002.004", "sip:bob@192.0.2.4", true);
        addRow("ipv4DifferentAddress", "sip:bob@192.0.2.4", "sip:bob@192.0.2.40", false);
        addRow("ipv4AgainstMappedIpv6", "sip:bob@192.0.2.4", "sip:bob@[::ffff:192.0.2.4]", false);

        // Port.
        addRow("samePort", "sip:bob@biloxi.com:5070", "sip:bob@biloxi.com:5070", true);
        addRow("differentPort", "sip:bob@biloxi.com:5070", "sip:bob@biloxi.com:5080", false);
        addRow("sipsOmittedPortAgainst5061", "sips:bob@biloxi.com", "sips:bob@biloxi.com:5061",
               false);

        // uri-parameters.
        addRow("userParameterInOneOnly", "sip:+12125551212@gw.com;user=phone",
               "sip:+12125551212@gw.com", false);
        addRow("ttlInOneOnly", "sip:bob@biloxi.com;ttl=1", "sip:bob@biloxi.com", false);
        addRow("methodInOneOnly", "sip:bob@biloxi.com;method=INVITE", "sip:bob@biloxi.com", false);
        addRow("maddrInOneOnly", "sip:bob@biloxi.com;maddr=239.255.255.1", "sip:bob@biloxi.com",
               false);
        addRow("differentTransport", "sip:bob@biloxi.com;transport=tcp",
               "sip:bob@biloxi.com;transport=udp", false);
        addRow("ttlDiffers", "sip:bob@biloxi.com;ttl=1", "sip:bob@biloxi.com;ttl=15", false);
        addRow("methodValueCase", "sip:biloxi.com;method=register",
               "sip:biloxi.com;method=REGISTER", true);
        addRow("maddrHostCase", "sip:bob@biloxi.com;maddr=Proxy.Biloxi.COM",
               "sip:bob@biloxi.com;maddr=proxy.biloxi.com", true);
        addRow("maddrIpv6Forms", "sip:bob@biloxi.com;maddr=[2001:db8::1]",
               "sip:bob@biloxi.com;maddr=[2001:DB8:0:0:0:0:0:1]", true);
        addRow("maddrDiffers", "sip:bob@biloxi.com;maddr=192.0.2.1",
               "sip:bob@biloxi.com;maddr=192.0.2.2", false);
        addRow("lrInOneOnly", "sip:proxy.biloxi.com;lr", "sip:proxy.biloxi.com", true);
        addRow("lrInBoth", "sip:proxy.biloxi.com;lr", "sip:proxy.biloxi.com;LR", true);
        addRow("otherParameterNameAndValueCase", "sip:carol@chicago.com;Foo=Bar",
               "sip:carol@chicago.com;foo=bar", true);
        addRow("otherParameterDiffers", "sip:carol@chicago.com;foo=1",
               "sip:carol@chicago.com;foo=2", false);
        addRow("flagAgainstValue", "sip:carol@chicago.com;foo", "sip:carol@chicago.com;foo=1",
               false);

        // URI header components: all present in both and equal.
        addRow("headerNameCase", "sip:carol@chicago.com?Subject=hi",
               "sip:carol@chicago.com?subject=hi", true);
        addRow("headerCompactForm", "sip:carol@chicago.com?s=hi",
               "sip:carol@chicago.com?subject=hi", true);
        addRow("headerValueDiffers", "sip:carol@chicago.com?subject=hi",
               "sip:carol@chicago.com?subject=bye", false);
        addRow("headerValueCase", "sip:carol@chicago.com?subject=Hi",
               "sip:carol@chicago.com?subject=hi", false);
        addRow("extraHeaderInOne", "sip:carol@chicago.com?subject=hi",
               "sip:carol@chicago.com?subject=hi&priority=urgent", false);
        addRow("repeatedHeaderSameOrder",
               "sip:carol@chicago.com?route=%3Csip:a.example.com%3E&route=%3Csip:b.example.com%3E",
               "sip:carol@chicago.com?Route=%3csip:a.example.com%3e&route=%3Csip:b.example.com%3E",
               true);
        addRow("repeatedHeaderOtherOrder",
               "sip:carol@chicago.com?route=%3Csip:a.example.com%3E&route=%3Csip:b.example.com%3E",
               "sip:carol@chicago.com?route=%3Csip:b.example.com%3E&route=%3Csip:a.example.com%3E",
               false);
        addRow("repeatedHeaderAgainstSingle", "sip:carol@chicago.com?subject=hi&subject=hi",
               "sip:carol@chicago.com?subject=hi", false);
        addRow("emptyHeaderValue",
               "sip:carol@chicago.com?subject=", "sip:carol@chicago.com?subject=", true);

        // tel (RFC 3966 §4).
        addRow("telVisualSeparators", "tel:+1-201-555-0123", "tel:+1.201.555.0123", true);
        addRow("telParenthesesAgainstNone", "tel:+1(201)5550123", "tel:+12015550123", true);
        addRow("telDifferentNumber", "tel:+1-201-555-0123", "tel:+1-201-555-0124", false);
        addRow("telGlobalAgainstLocal", "tel:+7042", "tel:7042;phone-context=example.com", false);
        addRow("telLocalHexDigitCase", "tel:7a;phone-context=example.com",
               "tel:7A;phone-context=example.com", true);
        addRow("telPhoneContextDomainCase", "tel:7042;phone-context=Example.COM",
               "tel:7042;phone-context=example.com", true);
        addRow("telPhoneContextDigitsSeparators", "tel:7042;phone-context=+1-201-555",
               "tel:7042;phone-context=+1201555", true);
        addRow("telPhoneContextDiffers", "tel:7042;phone-context=example.com",
               "tel:7042;phone-context=example.net", false);
        addRow("telParameterInOneOnly", "tel:+1-201-555-0123;ext=12", "tel:+1-201-555-0123", false);
        addRow("telUnknownParameterInOneOnly", "tel:+1-201-555-0123;foo=1", "tel:+1-201-555-0123",
               false);
        addRow("telParameterOrder", "tel:+1-201-555-0123;ext=12;isub=3",
               "tel:+1-201-555-0123;isub=3;ext=12", true);
        addRow("telExtSeparators", "tel:+1-201-555-0123;ext=1-2", "tel:+1-201-555-0123;ext=12",
               true);
        addRow("telParameterCase", "tel:+1-201-555-0123;Foo=Bar", "tel:+1-201-555-0123;foo=bar",
               true);
        addRow("telParameterDiffers", "tel:+1-201-555-0123;foo=1", "tel:+1-201-555-0123;foo=2",
               false);
        addRow("telEscapedParameterValue", "tel:+1-201-555-0123;foo=%62ar",
               "tel:+1-201-555-0123;foo=bar", true);
        addRow("telAgainstSip", "tel:+12015550123", "sip:+12015550123@example.com;user=phone",
               false);

        // Other schemes: scheme case-insensitive, the rest exact.
        addRow("opaqueIdentical", "http://example.com/a", "http://example.com/a", true);
        addRow("opaqueSchemeCase", "HTTP://example.com/a", "http://example.com/a", true);
        addRow("opaqueTextCase", "urn:ISBN:0-395-36341-1", "urn:isbn:0-395-36341-1", false);
        addRow("opaqueEscapeExact", "urn:%61", "urn:a", false);
        addRow("opaqueDifferentScheme", "http://example.com/a", "https://example.com/a", false);
        addRow("opaqueAgainstSip", "http://example.com", "sip:example.com", false);
    }

    void compare()
    {
        QFETCH(QByteArray, a);
        QFETCH(QByteArray, b);
        QFETCH(bool, expected);

        const auto x = Uri::parse(view(a));
        const auto y = Uri::parse(view(b));
        QCOMPARE(describe(x.error()), QByteArray("ok"));
        QCOMPARE(describe(y.error()), QByteArray("ok"));
        QCOMPARE(equivalent(*x, *y), expected);
        QCOMPARE(equivalent(*y, *x), expected);
        QVERIFY(equivalent(*x, *x));
        QVERIFY(equivalent(*y, *y));
    }

    void notTransitive()
    {
        // RFC 3261 §19.1.4: each equals the URI without the parameter, not each other.
        const Uri bare = parsed("sip:carol@chicago.com");
        const Uri on = parsed("sip:carol@chicago.com;security=on");
        const Uri off = parsed("sip:carol@chicago.com;security=off");
        QVERIFY(equivalent(bare, on));
        QVERIFY(equivalent(bare, off));
        QVERIFY(!equivalent(on, off));
    }

    void builtUris()
    {
        // A URI built in code, not parsed, follows the same rules.
        Uri a;
        a.user = "alice";
        a.host = "2001:db8::1";
        a.port = 5060;
        a.parameters.set("transport", "TCP");
        Uri b = a;
        b.host = "2001:DB8:0::1";
        b.parameters.set("transport", "tcp");
        b.parameters.set("lr");
        QVERIFY(equivalent(a, b));
        b.port.reset();
        QVERIFY(!equivalent(a, b));
        b.port = 5060;
        b.scheme = "sips";
        QVERIFY(!equivalent(a, b));
    }
};

QTEST_GUILESS_MAIN(tst_UriEquivalence)
#include "tst_uriequivalence.moc"
