// Covers Uri: sip/sips parsing (scheme case, user, password, hostname, IPv4, bracketed IPv6
// including RFC 3261's three-colon form read as two, port limits, parameters, headers, escapes
// kept as written, ';' in the user part), tel URIs (RFC 3966 global and local numbers,
// parameters, phone-context), other schemes held opaquely and written back as received, the
// canonical toString() and its round trip, the accessors (isSip/isTel/isOpaque among them),
// parseSip's UnsupportedUriScheme for well-formed URIs of other schemes, and rejection of
// malformed text (bad ports and escapes, whitespace, empty parts, bad tel numbers and contexts,
// bad schemes, garbage bytes).
#include "sipcore/syntax/syntaxerror.h"
#include "sipcore/syntax/uri.h"

#include "support/qtconvert.h"

#include <QTest>

using namespace sipcore;
using namespace sipcore::test;

namespace {

QByteArray parametersText(const Parameters &parameters)
{
    std::string out;
    parameters.appendTo(out);
    return bytes(out);
}

} // namespace

class tst_Uri : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("scheme");
        QTest::addColumn<QByteArray>("user");
        QTest::addColumn<QByteArray>("password"); // "-" for none
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<int>("port"); // -1 for none
        QTest::addColumn<QByteArray>("parameters");
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<QByteArray>("canonical");

        QTest::newRow("hostOnly") << QByteArray("sip:example.com") << QByteArray("sip")
                                  << QByteArray() << QByteArray("-") << QByteArray("example.com")
                                  << -1 << QByteArray() << QByteArray()
                                  << QByteArray("sip:example.com");
        QTest::newRow("userAndHost")
                << QByteArray("sip:alice@atlanta.com") << QByteArray("sip") << QByteArray("alice")
                << QByteArray("-") << QByteArray("atlanta.com") << -1 << QByteArray()
                << QByteArray() << QByteArray("sip:alice@atlanta.com");
        QTest::newRow("passwordAndParameter")
                << QByteArray("sip:alice:secretword@atlanta.com;transport=tcp") << QByteArray("sip")
                << QByteArray("alice") << QByteArray("secretword") << QByteArray("atlanta.com")
                << -1 << QByteArray(";transport=tcp") << QByteArray()
                << QByteArray("sip:alice:secretword@atlanta.com;transport=tcp");
        QTest::newRow("emptyPassword")
                << QByteArray("sip:alice:@atlanta.com") << QByteArray("sip") << QByteArray("alice")
                << QByteArray("") << QByteArray("atlanta.com") << -1 << QByteArray() << QByteArray()
                << QByteArray("sip:alice:@atlanta.com");
        QTest::newRow("telephoneUserWithPassword")
                << QByteArray("sip:+1-212-555-1212:1234@gateway.com;user=phone")
                << QByteArray("sip") << QByteArray("+1-212-555-1212") << QByteArray("1234")
                << QByteArray("gateway.com") << -1 << QByteArray(";user=phone") << QByteArray()
                << QByteArray("sip:+1-212-555-1212:1234@gateway.com;user=phone");
        QTest::newRow("uppercaseSipsScheme")
                << QByteArray("SIPS:alice@atlanta.com") << QByteArray("sips") << QByteArray("alice")
                << QByteArray("-") << QByteArray("atlanta.com") << -1 << QByteArray()
                << QByteArray() << QByteArray("sips:alice@atlanta.com");
        QTest::newRow("ipv4AndPort")
                << QByteArray("sip:alice@192.0.2.4:5060") << QByteArray("sip")
                << QByteArray("alice") << QByteArray("-") << QByteArray("192.0.2.4") << 5060
                << QByteArray() << QByteArray() << QByteArray("sip:alice@192.0.2.4:5060");
        QTest::newRow("ipv6AndPort")
                << QByteArray("sip:[2001:db8::10]:5070;transport=udp") << QByteArray("sip")
                << QByteArray() << QByteArray("-") << QByteArray("2001:db8::10") << 5070
                << QByteArray(";transport=udp") << QByteArray()
                << QByteArray("sip:[2001:db8::10]:5070;transport=udp");
        QTest::newRow("ipv6WithEmbeddedIpv4")
                << QByteArray("sip:alice@[::ffff:192.0.2.1]") << QByteArray("sip")
                << QByteArray("alice") << QByteArray("-") << QByteArray("::ffff:192.0.2.1") << -1
                << QByteArray() << QByteArray() << QByteArray("sip:alice@[::ffff:192.0.2.1]");
        QTest::newRow("ipv6ThreeColonsBeforeIpv4") // RFC 5118 §4.10: RFC 3261's ABNF allows it
                << QByteArray("sip:user@[2001:db8:::192.0.2.1]") << QByteArray("sip")
                << QByteArray("user") << QByteArray("-") << QByteArray("2001:db8::192.0.2.1") << -1
                << QByteArray() << QByteArray() << QByteArray("sip:user@[2001:db8::192.0.2.1]");
        QTest::newRow("fullIpv6") << QByteArray("sip:[2001:db8:0:0:0:0:0:1]") << QByteArray("sip")
                                  << QByteArray() << QByteArray("-")
                                  << QByteArray("2001:db8:0:0:0:0:0:1") << -1 << QByteArray()
                                  << QByteArray() << QByteArray("sip:[2001:db8:0:0:0:0:0:1]");
        QTest::newRow("maximumPort")
                << QByteArray("sip:h.example.com:65535") << QByteArray("sip") << QByteArray()
                << QByteArray("-") << QByteArray("h.example.com") << 65535 << QByteArray()
                << QByteArray() << QByteArray("sip:h.example.com:65535");
        QTest::newRow("leadingZeroPortWrittenCanonically")
                << QByteArray("sip:a@b.example.com:05060") << QByteArray("sip") << QByteArray("a")
                << QByteArray("-") << QByteArray("b.example.com") << 5060 << QByteArray()
                << QByteArray() << QByteArray("sip:a@b.example.com:5060");
        QTest::newRow("trailingDotHostname")
                << QByteArray("sip:a@example.com.") << QByteArray("sip") << QByteArray("a")
                << QByteArray("-") << QByteArray("example.com.") << -1 << QByteArray()
                << QByteArray() << QByteArray("sip:a@example.com.");
        QTest::newRow("methodParameterAndHeader")
                << QByteArray("sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com")
                << QByteArray("sip") << QByteArray() << QByteArray("-") << QByteArray("atlanta.com")
                << -1 << QByteArray(";method=REGISTER") << QByteArray("to=alice%40atlanta.com")
                << QByteArray("sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com");
        QTest::newRow("twoHeaders")
                << QByteArray("sips:alice@atlanta.com?subject=project%20x&priority=urgent")
                << QByteArray("sips") << QByteArray("alice") << QByteArray("-")
                << QByteArray("atlanta.com") << -1 << QByteArray()
                << QByteArray("subject=project%20x&priority=urgent")
                << QByteArray("sips:alice@atlanta.com?subject=project%20x&priority=urgent");
        QTest::newRow("escapesKeptAsWritten")
                << QByteArray("sip:%61lice@atlanta.com;n%61me=v%61lue%25") << QByteArray("sip")
                << QByteArray("%61lice") << QByteArray("-") << QByteArray("atlanta.com") << -1
                << QByteArray(";n%61me=v%61lue%25") << QByteArray()
                << QByteArray("sip:%61lice@atlanta.com;n%61me=v%61lue%25");
        QTest::newRow("semicolonInUserPart") // RFC 4475 §3.1.1.9
                << QByteArray("sip:user;par=u%40example.net@example.com") << QByteArray("sip")
                << QByteArray("user;par=u%40example.net") << QByteArray("-")
                << QByteArray("example.com") << -1 << QByteArray() << QByteArray()
                << QByteArray("sip:user;par=u%40example.net@example.com");
        QTest::newRow("flagAndValueParameters")
                << QByteArray("sip:proxy.example.com;lr;maddr=[2001:db8::1]") << QByteArray("sip")
                << QByteArray() << QByteArray("-") << QByteArray("proxy.example.com") << -1
                << QByteArray(";lr;maddr=[2001:db8::1]") << QByteArray()
                << QByteArray("sip:proxy.example.com;lr;maddr=[2001:db8::1]");
    }

    void parse()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, scheme);
        QFETCH(QByteArray, user);
        QFETCH(QByteArray, password);
        QFETCH(QByteArray, host);
        QFETCH(int, port);
        QFETCH(QByteArray, parameters);
        QFETCH(QByteArray, headers);
        QFETCH(QByteArray, canonical);

        const auto uri = Uri::parse(view(text));
        QCOMPARE(describe(uri.error()), QByteArray("ok"));
        QCOMPARE(bytes(uri->scheme), scheme);
        QCOMPARE(bytes(uri->user), user);
        if (password == "-")
            QVERIFY(!uri->password);
        else
            QCOMPARE(bytes(uri->password.value_or("<none>")), password);
        QCOMPARE(bytes(uri->host), host);
        QCOMPARE(uri->port ? int(*uri->port) : -1, port);
        QCOMPARE(parametersText(uri->parameters), parameters);
        QCOMPARE(bytes(uri->headers), headers);
        QCOMPARE(bytes(uri->toString()), canonical);

        const auto again = Uri::parse(uri->toString());
        QVERIFY(again.ok());
        QVERIFY(*again == *uri);
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("error");

        const int bad = static_cast<int>(SyntaxError::BadUri);
        QTest::newRow("empty") << QByteArray() << bad;
        QTest::newRow("noScheme") << QByteArray("alice@atlanta.com") << bad;
        QTest::newRow("schemeOnly") << QByteArray("sip:") << bad;
        QTest::newRow("schemeStartsWithDigit") << QByteArray("1sip:alice@atlanta.com") << bad;
        QTest::newRow("schemeWithUnderscore") << QByteArray("my_scheme:opaque") << bad;
        QTest::newRow("opaqueEmpty") << QByteArray("http:") << bad;
        QTest::newRow("opaqueWithSpace") << QByteArray("urn:a b") << bad;
        QTest::newRow("opaqueWithAngle") << QByteArray("http://example.com/<x>") << bad;
        QTest::newRow("opaqueBadEscape") << QByteArray("urn:%zz") << bad;
        QTest::newRow("telEmpty") << QByteArray("tel:") << bad;
        QTest::newRow("telPlusOnly") << QByteArray("tel:+") << bad;
        QTest::newRow("telSeparatorsOnly") << QByteArray("tel:+-.()") << bad;
        QTest::newRow("telLetterInGlobal") << QByteArray("tel:+1-800-FLOWERS") << bad;
        QTest::newRow("telLocalWithoutContext") << QByteArray("tel:7042") << bad;
        QTest::newRow("telBadContext") << QByteArray("tel:7042;phone-context=-x.example") << bad;
        QTest::newRow("telEmptyContext") << QByteArray("tel:7042;phone-context") << bad;
        QTest::newRow("telBadParameterName") << QByteArray("tel:+1-201-555-0123;a_b=1") << bad;
        QTest::newRow("telTrailingSemicolon") << QByteArray("tel:+1-201-555-0123;") << bad;
        QTest::newRow("telWithSpace") << QByteArray("tel:+1 201 555 0123") << bad;
        QTest::newRow("threeColonsWithoutIpv4") << QByteArray("sip:[2001:db8:::1]") << bad;
        QTest::newRow("threeColonsTwice") << QByteArray("sip:[1:::2:::192.0.2.1]") << bad;
        QTest::newRow("inAngleBrackets") << QByteArray("<sip:alice@atlanta.com>") << bad;
        QTest::newRow("portTooLarge") << QByteArray("sip:a@b:99999") << bad;
        QTest::newRow("portJustTooLarge") << QByteArray("sip:a@b.example.com:65536") << bad;
        QTest::newRow("portZero") << QByteArray("sip:a@b.example.com:0") << bad;
        QTest::newRow("portWithLetter") << QByteArray("sip:a@b.example.com:50a0") << bad;
        QTest::newRow("portWithSign") << QByteArray("sip:a@b.example.com:+5060") << bad;
        QTest::newRow("portEmpty") << QByteArray("sip:a@b.example.com:") << bad;
        QTest::newRow("hostEmpty") << QByteArray("sip:alice@") << bad;
        QTest::newRow("userEmpty") << QByteArray("sip:@atlanta.com") << bad;
        QTest::newRow("twoAtSigns") << QByteArray("sip:a@b@atlanta.com") << bad;
        QTest::newRow("whitespaceBeforeParameter") << QByteArray("sip:a@atlanta.com; lr") << bad;
        QTest::newRow("spaceInUser") << QByteArray("sip:I have spaces@example.net") << bad;
        QTest::newRow("badEscape") << QByteArray("sip:al%4ice@atlanta.com") << bad;
        QTest::newRow("truncatedEscape") << QByteArray("sip:alice%4@atlanta.com") << bad;
        QTest::newRow("escapeAtEnd") << QByteArray("sip:atlanta.com;x=%") << bad;
        QTest::newRow("unclosedIpv6") << QByteArray("sip:[2001:db8::1") << bad;
        QTest::newRow("tripleColonIpv6") << QByteArray("sip:[2001:db8:::1]") << bad;
        QTest::newRow("twoCompressionsIpv6") << QByteArray("sip:[1::2::3]") << bad;
        QTest::newRow("ipv6WithoutBrackets") << QByteArray("sip:2001:db8::1") << bad;
        QTest::newRow("ipv4OctetTooLarge") << QByteArray("sip:256.1.1.1") << bad;
        QTest::newRow("ipv4TooFewOctets") << QByteArray("sip:192.0.2") << bad;
        QTest::newRow("labelStartsWithHyphen") << QByteArray("sip:-a.example.com") << bad;
        QTest::newRow("emptyLabel") << QByteArray("sip:a..example.com") << bad;
        QTest::newRow("underscoreInHost") << QByteArray("sip:a_b.example.com") << bad;
        QTest::newRow("emptyParameter") << QByteArray("sip:a.example.com;;lr") << bad;
        QTest::newRow("trailingSemicolon") << QByteArray("sip:a.example.com;") << bad;
        QTest::newRow("emptyParameterValue") << QByteArray("sip:a.example.com;tag=") << bad;
        QTest::newRow("emptyHeaders") << QByteArray("sip:a.example.com?") << bad;
        QTest::newRow("headerWithoutValue") << QByteArray("sip:a.example.com?subject") << bad;
        QTest::newRow("quoteInUser") << QByteArray("sip:\"a\"@example.com") << bad;
        QTest::newRow("nulInHost") << QByteArray("sip:a\0b.example.com", 19) << bad;
        QTest::newRow("garbageBytes") << QByteArray("\x01\xff:\x80\xfe") << bad;
    }

    void rejects()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, error);
        const auto uri = Uri::parse(view(text));
        QCOMPARE(describe(uri.error()), describe(static_cast<SyntaxError>(error)));
    }

    void otherSchemes_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("scheme");
        QTest::addColumn<QByteArray>("number");     // tel
        QTest::addColumn<QByteArray>("parameters"); // tel
        QTest::addColumn<QByteArray>("opaque");     // other schemes
        QTest::addColumn<QByteArray>("canonical");

        QTest::newRow("telGlobal") // RFC 3966 §3
                << QByteArray("tel:+1-201-555-0123") << QByteArray("tel")
                << QByteArray("+1-201-555-0123") << QByteArray() << QByteArray()
                << QByteArray("tel:+1-201-555-0123");
        QTest::newRow("telUppercaseScheme")
                << QByteArray("TEL:+12015550123;ext=1234") << QByteArray("tel")
                << QByteArray("+12015550123") << QByteArray(";ext=1234") << QByteArray()
                << QByteArray("tel:+12015550123;ext=1234");
        QTest::newRow("telLocalWithDomainContext")
                << QByteArray("tel:7042;phone-context=example.com") << QByteArray("tel")
                << QByteArray("7042") << QByteArray(";phone-context=example.com") << QByteArray()
                << QByteArray("tel:7042;phone-context=example.com");
        QTest::newRow("telLocalWithNumberContext")
                << QByteArray("tel:863-1234;phone-context=+1-914-555") << QByteArray("tel")
                << QByteArray("863-1234") << QByteArray(";phone-context=+1-914-555") << QByteArray()
                << QByteArray("tel:863-1234;phone-context=+1-914-555");
        QTest::newRow("telLocalHexStarHash")
                << QByteArray("tel:*21#;phone-context=+49") << QByteArray("tel")
                << QByteArray("*21#") << QByteArray(";phone-context=+49") << QByteArray()
                << QByteArray("tel:*21#;phone-context=+49");
        QTest::newRow("telSeparatorsAndParameters")
                << QByteArray("tel:+1-(201)-555.0123;isub=1411;x-flag") << QByteArray("tel")
                << QByteArray("+1-(201)-555.0123") << QByteArray(";isub=1411;x-flag")
                << QByteArray() << QByteArray("tel:+1-(201)-555.0123;isub=1411;x-flag");
        QTest::newRow("unknownScheme") // RFC 4475 §3.3.2
                << QByteArray("nobodyKnowsThisScheme:totallyopaquecontent")
                << QByteArray("nobodyknowsthisscheme") << QByteArray() << QByteArray()
                << QByteArray("totallyopaquecontent")
                << QByteArray("nobodyknowsthisscheme:totallyopaquecontent");
        QTest::newRow("schemeWithDot") // RFC 4475 §3.3.3
                << QByteArray("soap.beep://192.0.2.103:3002") << QByteArray("soap.beep")
                << QByteArray() << QByteArray() << QByteArray("//192.0.2.103:3002")
                << QByteArray("soap.beep://192.0.2.103:3002");
        QTest::newRow("http") // RFC 4475 §3.3.4
                << QByteArray("http://www.example.com/a/b?c=d&e=%20f") << QByteArray("http")
                << QByteArray() << QByteArray() << QByteArray("//www.example.com/a/b?c=d&e=%20f")
                << QByteArray("http://www.example.com/a/b?c=d&e=%20f");
        QTest::newRow("isbn") << QByteArray("isbn:2983792873") << QByteArray("isbn") << QByteArray()
                              << QByteArray() << QByteArray("2983792873")
                              << QByteArray("isbn:2983792873");
        QTest::newRow("urnWithColonsAndSemicolons")
                << QByteArray("urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6;x=y")
                << QByteArray("urn") << QByteArray() << QByteArray()
                << QByteArray("uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6;x=y")
                << QByteArray("urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6;x=y");
        QTest::newRow("mailtoKeepsCase")
                << QByteArray("MailTo:Alice@Example.COM") << QByteArray("mailto") << QByteArray()
                << QByteArray() << QByteArray("Alice@Example.COM")
                << QByteArray("mailto:Alice@Example.COM");
    }

    void otherSchemes()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, scheme);
        QFETCH(QByteArray, number);
        QFETCH(QByteArray, parameters);
        QFETCH(QByteArray, opaque);
        QFETCH(QByteArray, canonical);

        const auto uri = Uri::parse(view(text));
        QCOMPARE(describe(uri.error()), QByteArray("ok"));
        QCOMPARE(bytes(uri->scheme), scheme);
        QCOMPARE(bytes(uri->number), number);
        QCOMPARE(parametersText(uri->parameters), parameters);
        QCOMPARE(bytes(uri->opaque), opaque);
        QCOMPARE(bytes(uri->toString()), canonical);
        QVERIFY(!uri->isSip());
        QCOMPARE(uri->isTel(), scheme == "tel");
        QCOMPARE(uri->isOpaque(), scheme != "tel");
        QVERIFY(uri->user.empty() && uri->host.empty() && !uri->port && uri->headers.empty());
        QVERIFY(!uri->isIpv6() && !uri->isSecure());

        const auto again = Uri::parse(uri->toString());
        QVERIFY(again.ok());
        QVERIFY(*again == *uri);

        // A caller that needs SIP learns that the scheme is the problem, not the syntax.
        QCOMPARE(describe(Uri::parseSip(view(text)).error()),
                 describe(SyntaxError::UnsupportedUriScheme));
    }

    void parseSip()
    {
        const auto sip = Uri::parseSip("SIP:alice@atlanta.com;transport=tcp");
        QVERIFY(sip.ok());
        QVERIFY(sip->isSip());
        QVERIFY(*sip == Uri::parse("sip:alice@atlanta.com;transport=tcp").value());
        QCOMPARE(describe(Uri::parseSip("sip:alice@").error()), describe(SyntaxError::BadUri));
        QCOMPARE(describe(Uri::parseSip("tel:7042").error()), describe(SyntaxError::BadUri));
        QCOMPARE(describe(Uri::parseSip("<sip:a@b.example.com>").error()),
                 describe(SyntaxError::BadUri));
        QCOMPARE(describe(Uri::parseSip("tel:+1-201-555-0123").error()),
                 describe(SyntaxError::UnsupportedUriScheme));
    }

    void builtTelUri()
    {
        Uri uri;
        uri.scheme = "tel";
        uri.number = "+1-201-555-0123";
        uri.parameters.set("ext", "12");
        QVERIFY(uri.isTel());
        QCOMPARE(bytes(uri.toString()), QByteArray("tel:+1-201-555-0123;ext=12"));
        QVERIFY(Uri::parse(uri.toString()).value() == uri);
    }

    void accessors()
    {
        const auto v6 = Uri::parse("sips:[::1]:5061");
        QVERIFY(v6.ok());
        QVERIFY(v6->isSecure());
        QVERIFY(v6->isSip() && !v6->isTel() && !v6->isOpaque());
        QVERIFY(v6->isIpv6());
        QCOMPARE(bytes(v6->hostForText()), QByteArray("[::1]"));

        const auto v4 = Uri::parse("sip:bob@192.0.2.4");
        QVERIFY(v4.ok());
        QVERIFY(!v4->isSecure());
        QVERIFY(!v4->isIpv6());
        QCOMPARE(bytes(v4->hostForText()), QByteArray("192.0.2.4"));
    }

    void parameterNamesAreCaseInsensitive()
    {
        const auto uri = Uri::parse("sip:alice@atlanta.com;Transport=TCP;LR");
        QVERIFY(uri.ok());
        QCOMPARE(bytes(uri->parameters.get("transport").value_or("<none>")), QByteArray("TCP"));
        QVERIFY(uri->parameters.has("lr"));
        QVERIFY(!uri->parameters.get("lr")); // a flag has no value
        // values and names keep their case when written
        QCOMPARE(bytes(uri->toString()), QByteArray("sip:alice@atlanta.com;Transport=TCP;LR"));
    }

    void builtUriSerializes()
    {
        Uri uri;
        uri.user = "bob";
        uri.host = "2001:db8::5";
        uri.port = 5080;
        uri.parameters.set("transport", "tcp");
        uri.parameters.set("lr");
        QCOMPARE(bytes(uri.toString()), QByteArray("sip:bob@[2001:db8::5]:5080;transport=tcp;lr"));
        uri.scheme = "sips";
        uri.password = "pw";
        uri.headers = "subject=hi";
        QCOMPARE(bytes(uri.toString()),
                 QByteArray("sips:bob:pw@[2001:db8::5]:5080;transport=tcp;lr?subject=hi"));
        QVERIFY(Uri::parse(uri.toString()).value() == uri);
    }
};

QTEST_GUILESS_MAIN(tst_Uri)
#include "tst_uri.moc"
