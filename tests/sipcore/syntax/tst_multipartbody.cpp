// Covers MultipartBody (RFC 2046 §5.1.1 as SIP uses it, RFC 5621): an SDP + resource-lists
// body, preamble and epilogue, a boundary with spaces and specials, transport padding, the
// delimiter's CRLF taken from the part before it, parts without headers or without a body, a
// close line ending the body, "--boundary" text that is not a delimiter line, a nested
// multipart split again, every view pointing into the input, and each error (bad boundary,
// missing first or close delimiter, bare LF line ends, too many parts, malformed part header
// lines); partHeader() (case, folding, first of two, absent); boundaryOf() (token and quoted,
// case, whitespace and folds, other parameters, not multipart, malformed or ambiguous values);
// the messages of the new SyntaxError values.
#include "sipcore/syntax/multipartbody.h"
#include "sipcore/syntax/syntaxerror.h"

#include "support/qtconvert.h"

#include <QTest>

using namespace sipcore;
using namespace sipcore::test;
using Part = MultipartBody::Part;

namespace {

int code(SyntaxError error)
{
    return static_cast<int>(error);
}

/// True when \a inner lies inside \a outer (an empty view may sit at its end).
bool within(std::string_view inner, std::string_view outer)
{
    return inner.data() >= outer.data()
           && inner.data() + inner.size() <= outer.data() + outer.size();
}

const QByteArray sdp = "v=0\r\n"
                       "o=alice 2890844526 2890844526 IN IP4 atlanta.example.com\r\n"
                       "s=-\r\n"
                       "c=IN IP4 192.0.2.101\r\n"
                       "t=0 0\r\n"
                       "m=audio 49172 RTP/AVP 0\r\n"
                       "a=rtpmap:0 PCMU/8000\r\n";

const QByteArray resourceLists
        = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
          "<resource-lists xmlns=\"urn:ietf:params:xml:ns:resource-lists\">\r\n"
          "  <list>\r\n"
          "    <entry uri=\"sip:bob@example.com\"/>\r\n"
          "    <entry uri=\"sip:carol@example.com\"/>\r\n"
          "  </list>\r\n"
          "</resource-lists>";

} // namespace

class tst_MultipartBody : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void split_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("boundary");
        QTest::addColumn<int>("maxParts");
        QTest::addColumn<int>("error"); // SyntaxError value, 0 for none
        QTest::addColumn<QByteArrayList>("headers");
        QTest::addColumn<QByteArrayList>("bodies");

        const auto ok = [](const char *name, const QByteArray &body, const QByteArray &boundary,
                           const QByteArrayList &headers, const QByteArrayList &bodies,
                           int maxParts = 64) {
            QTest::newRow(name) << body << boundary << maxParts << 0 << headers << bodies;
        };
        const auto bad = [](const char *name, const QByteArray &body, const QByteArray &boundary,
                            SyntaxError error, int maxParts = 64) {
            QTest::newRow(name) << body << boundary << maxParts << code(error) << QByteArrayList()
                                << QByteArrayList();
        };

        // An INVITE creating a conference (RFC 5366, bodies per RFC 5621): SDP and recipients.
        // The SDP keeps its last CRLF: the empty line before the delimiter gives it one.
        const QByteArray sdpHeaders = "Content-Type: application/sdp";
        const QByteArray listHeaders = "Content-Type: application/resource-lists+xml\r\n"
                                       "Content-Disposition: recipient-list";
        ok("sdp and resource-lists",
           "--boundary1\r\n" + sdpHeaders + "\r\n\r\n" + sdp + "\r\n--boundary1\r\n" + listHeaders
                   + "\r\n\r\n" + resourceLists + "\r\n--boundary1--\r\n",
           "boundary1", {sdpHeaders, listHeaders}, {sdp, resourceLists});
        ok("delimiter takes the body's last CRLF", "--b\r\n\r\nline one\r\nline two\r\n--b--", "b",
           {""}, {"line one\r\nline two"});
        ok("preamble and epilogue",
           "This is the preamble.\r\nIt is to be ignored.\r\n--b\r\n\r\nhello\r\n--b--\r\n"
           "This is the epilogue.\r\n--b\r\n\r\nnot a part\r\n",
           "b", {""}, {"hello"});
        ok("boundary with spaces and specials",
           "--simple boundary'()+_,-./:=?\r\n\r\nx\r\n--simple boundary'()+_,-./:=?--",
           "simple boundary'()+_,-./:=?", {""}, {"x"});
        ok("boundary of 70 characters",
           "--" + QByteArray(70, 'a') + "\r\n\r\nx\r\n--" + QByteArray(70, 'a') + "--",
           QByteArray(70, 'a'), {""}, {"x"});
        ok("transport padding",
           "--b \t \r\nContent-ID: <a@example.com>\r\n\r\none\r\n--b\t\r\n\r\ntwo\r\n--b-- \t\r\n"
           "epilogue",
           "b", {"Content-ID: <a@example.com>", ""}, {"one", "two"});
        ok("close line padded at the very end", "--b\r\n\r\nx\r\n--b--  ", "b", {""}, {"x"});
        ok("empty part body",
           "--b\r\nContent-Type: text/plain\r\n\r\n\r\n--b\r\nContent-Type: text/plain\r\n--b--",
           "b", {"Content-Type: text/plain", "Content-Type: text/plain"}, {"", ""});
        ok("empty part", "--b\r\n\r\n--b\r\n\r\n--b--", "b", {"", ""}, {"", ""});
        ok("headers ended by the delimiter's CRLF",
           "--b\r\nContent-Type: text/plain\r\nContent-ID: <x@y>\r\n--b--", "b",
           {"Content-Type: text/plain\r\nContent-ID: <x@y>"}, {""});
        ok("folded part header",
           "--b\r\nContent-Type: text/plain;\r\n charset=utf-8\r\n\r\nx\r\n--b--", "b",
           {"Content-Type: text/plain;\r\n charset=utf-8"}, {"x"});
        ok("lines starting with the boundary are content",
           "--b\r\n\r\n--bx\r\n--b-\r\n--b --\r\n--b\r\n\r\nlast\r\n--b--", "b", {"", ""},
           {"--bx\r\n--b-\r\n--b --", "last"});
        ok("binary body with bare LF and CR", QByteArray("--b\r\n\r\n\n\r\0\xff\r\n--b--", 18), "b",
           {""}, {QByteArray("\n\r\0\xff", 4)});
        ok("exactly maxParts", "--b\r\n\r\n1\r\n--b\r\n\r\n2\r\n--b--", "b", {"", ""}, {"1", "2"},
           2);

        bad("empty boundary", "--\r\n\r\nx\r\n----", "", SyntaxError::BadBoundary);
        bad("boundary of 71 characters",
            "--" + QByteArray(71, 'a') + "\r\n\r\nx\r\n--" + QByteArray(71, 'a') + "--",
            QByteArray(71, 'a'), SyntaxError::BadBoundary);
        bad("boundary ending in a space", "--b \r\n\r\nx\r\n--b --", "b ",
            SyntaxError::BadBoundary);
        bad("boundary outside bchars", "--a@b\r\n\r\nx\r\n--a@b--", "a@b",
            SyntaxError::BadBoundary);
        bad("boundary with a quote", "--a\"b\r\n\r\nx\r\n--a\"b--", "a\"b",
            SyntaxError::BadBoundary);
        bad("missing first delimiter", "just text\r\n", "b", SyntaxError::MissingDelimiter);
        bad("first delimiter not at a line start", "x--b\r\n\r\nx\r\n--b--", "b",
            SyntaxError::MissingDelimiter);
        bad("first delimiter at the end without CRLF", "preamble\r\n--b", "b",
            SyntaxError::MissingDelimiter);
        bad("only a close delimiter", "--b--\r\n", "b", SyntaxError::MissingDelimiter);
        bad("missing close delimiter", "--b\r\n\r\nx\r\n--b\r\n\r\ny\r\n", "b",
            SyntaxError::MissingDelimiter);
        bad("close delimiter not on its own line", "--b\r\n\r\nx--b--", "b",
            SyntaxError::MissingDelimiter);
        bad("close delimiter followed by text", "--b\r\n\r\nx\r\n--b--epilogue", "b",
            SyntaxError::MissingDelimiter);
        bad("bare LF line ends", "--b\n\nx\n--b--\n", "b", SyntaxError::MissingDelimiter);
        bad("bare LF after the opening line only", "--b\n\r\nx\r\n--b--", "b",
            SyntaxError::MissingDelimiter);
        bad("too many parts", "--b\r\n\r\n1\r\n--b\r\n\r\n2\r\n--b\r\n\r\n3\r\n--b--", "b",
            SyntaxError::TooManyParts, 2);
        bad("maxParts zero", "--b\r\n\r\n1\r\n--b--", "b", SyntaxError::TooManyParts, 0);
        bad("header line without a colon", "--b\r\nContent-Type text/plain\r\n\r\nx\r\n--b--", "b",
            SyntaxError::BadPartHeader);
        bad("part starting with a folded line", "--b\r\n Content-Type: text/plain\r\n\r\n--b--",
            "b", SyntaxError::BadPartHeader);
        bad("header name with a space", "--b\r\nContent Type: text/plain\r\n\r\n--b--", "b",
            SyntaxError::BadPartHeader);
        bad("empty header name", "--b\r\n: text/plain\r\n\r\n--b--", "b",
            SyntaxError::BadPartHeader);
        bad("header lines ending in bare LF",
            "--b\r\nContent-Type: text/plain\nContent-ID: <x@y>\r\n\r\nx\r\n--b--", "b",
            SyntaxError::BadPartHeader);
        bad("opening line directly before a delimiter", "--b\r\n--b\r\n\r\nx\r\n--b--", "b",
            SyntaxError::BadPartHeader);
    }
    void split()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, boundary);
        QFETCH(int, maxParts);
        QFETCH(int, error);
        QFETCH(QByteArrayList, headers);
        QFETCH(QByteArrayList, bodies);
        const std::string_view input = view(body);
        const auto parts = MultipartBody::split(input, view(boundary), std::size_t(maxParts));
        QCOMPARE(parts.error().value(), error);
        if (error) {
            QCOMPARE(&parts.error().category(), &syntaxCategory());
            return;
        }
        QCOMPARE(qsizetype(parts->size()), headers.size());
        for (qsizetype i = 0; i < headers.size(); ++i) {
            const Part &part = parts->at(std::size_t(i));
            QCOMPARE(bytes(part.headers), headers.at(i));
            QCOMPARE(bytes(part.body), bodies.at(i));
            QVERIFY2(within(part.headers, input) && within(part.body, input),
                     "parts are views into the body");
        }
    }

    void quotedBoundaryEndToEnd()
    {
        // The boundary needs quoting (space, ':' and '?' are tspecials or not token octets).
        const std::string_view contentType
                = "multipart/mixed; boundary=\"=_a b:c?d\"; charset=utf-8";
        const auto boundary = MultipartBody::boundaryOf(contentType);
        QVERIFY(boundary);
        QCOMPARE(bytes(*boundary), QByteArray("=_a b:c?d"));
        const std::string_view body = "--=_a b:c?d\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
                                      "--=_a b:c?d--\r\n";
        const auto parts = MultipartBody::split(body, *boundary);
        QCOMPARE(describe(parts.error()), QByteArray("ok"));
        QCOMPARE(parts->size(), std::size_t(1));
        QCOMPARE(bytes(parts->front().body), QByteArray("hi"));
    }

    void nestedMultipart()
    {
        // A multipart/mixed whose second part is a multipart/alternative with its own boundary.
        const std::string_view body = "--outer\r\n"
                                      "Content-Type: application/sdp\r\n"
                                      "\r\n"
                                      "v=0\r\n"
                                      "\r\n--outer\r\n"
                                      "Content-Type: multipart/alternative;\r\n"
                                      "  boundary=\"inner\"\r\n"
                                      "\r\n"
                                      "preamble of the inner body\r\n"
                                      "--inner\r\n"
                                      "Content-Type: text/plain\r\n"
                                      "\r\n"
                                      "plain\r\n"
                                      "--inner\r\n"
                                      "Content-Type: text/html\r\n"
                                      "\r\n"
                                      "<p>html</p>\r\n"
                                      "--inner--\r\n"
                                      "\r\n--outer--\r\n";
        const auto outer = MultipartBody::split(body, "outer");
        QCOMPARE(describe(outer.error()), QByteArray("ok"));
        QCOMPARE(outer->size(), std::size_t(2));
        const Part &nested = outer->at(1);
        const auto contentType = MultipartBody::partHeader(nested, "content-type");
        QVERIFY(contentType);
        const auto boundary = MultipartBody::boundaryOf(*contentType);
        QVERIFY(boundary);
        QCOMPARE(bytes(*boundary), QByteArray("inner"));

        const auto inner = MultipartBody::split(nested.body, *boundary);
        QCOMPARE(describe(inner.error()), QByteArray("ok"));
        QCOMPARE(inner->size(), std::size_t(2));
        QCOMPARE(bytes(inner->at(0).body), QByteArray("plain"));
        QCOMPARE(bytes(inner->at(1).body), QByteArray("<p>html</p>"));
        QCOMPARE(bytes(*MultipartBody::partHeader(inner->at(1), "Content-Type")),
                 QByteArray("text/html"));
        QVERIFY(within(inner->at(1).body, body));
        // The outer boundary does not occur in the inner body.
        QCOMPARE(MultipartBody::split(nested.body, "outer").error(),
                 std::error_code(SyntaxError::MissingDelimiter));
    }

    void partHeader_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<bool>("present");
        QTest::addColumn<QByteArray>("value");

        const QByteArray block = "Content-Type: application/sdp\r\n"
                                 "Content-ID:\t<sdp@example.com> \r\n"
                                 "Content-Disposition: session;\r\n"
                                 "\thandling=optional\r\n"
                                 "X-Empty:\r\n"
                                 "X-Twice: first\r\n"
                                 "X-Twice: second\r\n"
                                 "X-Folded-Only:\r\n"
                                 "  later";
        QTest::newRow("exact name")
                << block << QByteArray("Content-Type") << true << QByteArray("application/sdp");
        QTest::newRow("case-insensitive name")
                << block << QByteArray("CONTENT-TYPE") << true << QByteArray("application/sdp");
        QTest::newRow("whitespace around the value trimmed")
                << block << QByteArray("content-id") << true << QByteArray("<sdp@example.com>");
        QTest::newRow("folded value keeps its fold")
                << block << QByteArray("Content-Disposition") << true
                << QByteArray("session;\r\n\thandling=optional");
        QTest::newRow("empty value") << block << QByteArray("X-Empty") << true << QByteArray();
        QTest::newRow("first of two")
                << block << QByteArray("X-Twice") << true << QByteArray("first");
        QTest::newRow("value only on the folded line")
                << block << QByteArray("X-Folded-Only") << true << QByteArray("later");
        QTest::newRow("absent") << block << QByteArray("Content-Language") << false << QByteArray();
        QTest::newRow("prefix of a name is not the name")
                << block << QByteArray("Content") << false << QByteArray();
        QTest::newRow("no compact forms in parts")
                << block << QByteArray("c") << false << QByteArray();
        QTest::newRow("whitespace before the colon")
                << QByteArray("Content-Type :text/plain") << QByteArray("content-type") << true
                << QByteArray("text/plain");
        QTest::newRow("no headers")
                << QByteArray() << QByteArray("Content-Type") << false << QByteArray();
    }
    void partHeader()
    {
        QFETCH(QByteArray, headers);
        QFETCH(QByteArray, name);
        QFETCH(bool, present);
        QFETCH(QByteArray, value);
        const Part part{.headers = view(headers), .body = {}};
        const auto found = MultipartBody::partHeader(part, view(name));
        QCOMPARE(found.has_value(), present);
        if (present) {
            QCOMPARE(bytes(*found), value);
            QVERIFY(within(*found, part.headers));
        }
    }

    void boundaryOf_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<bool>("present");
        QTest::addColumn<QByteArray>("boundary");

        const auto found
                = [](const char *name, const QByteArray &value, const QByteArray &boundary) {
                      QTest::newRow(name) << value << true << boundary;
                  };
        const auto none = [](const char *name, const QByteArray &value) {
            QTest::newRow(name) << value << false << QByteArray();
        };
        found("token", "multipart/mixed;boundary=unique-boundary-1", "unique-boundary-1");
        found("quoted", "multipart/mixed;boundary=\"unique-boundary-1\"", "unique-boundary-1");
        found("case-insensitive type and name", "MultiPart/Related; BOUNDARY=abc", "abc");
        found("whitespace around separators", " multipart / mixed ;\tboundary = \"x y\" ", "x y");
        found("folded", "multipart/mixed;\r\n boundary=b1", "b1");
        found("other parameters around it",
              "multipart/related;type=\"application/sdp\";boundary=b2;start=\"<x@y>\"", "b2");
        found("quoted-pair left as written", "multipart/mixed;boundary=\"a\\\"b\"", "a\\\"b");
        found("empty quoted", "multipart/mixed;boundary=\"\"", "");
        none("not multipart", "application/sdp;boundary=b");
        none("type only", "multipart;boundary=b");
        none("no subtype", "multipart/;boundary=b");
        none("no boundary", "multipart/mixed");
        none("no boundary among others", "multipart/mixed;charset=utf-8");
        none("two boundaries", "multipart/mixed;boundary=a;boundary=b");
        none("unterminated quote", "multipart/mixed;boundary=\"abc");
        none("parameter without value", "multipart/mixed;boundary");
        none("empty unquoted value", "multipart/mixed;boundary=;x=1");
        none("trailing semicolon", "multipart/mixed;boundary=b;");
        none("text after a value", "multipart/mixed;boundary=b c");
        none("empty", "");
    }
    void boundaryOf()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(bool, present);
        QFETCH(QByteArray, boundary);
        const auto found = MultipartBody::boundaryOf(view(contentType));
        QCOMPARE(found.has_value(), present);
        if (present) {
            QCOMPARE(bytes(*found), boundary);
            QVERIFY(within(*found, view(contentType)));
        }
    }

    void errorMessages_data()
    {
        QTest::addColumn<int>("error");
        QTest::newRow("BadBoundary") << code(SyntaxError::BadBoundary);
        QTest::newRow("MissingDelimiter") << code(SyntaxError::MissingDelimiter);
        QTest::newRow("BadPartHeader") << code(SyntaxError::BadPartHeader);
        QTest::newRow("TooManyParts") << code(SyntaxError::TooManyParts);
    }
    void errorMessages()
    {
        QFETCH(int, error);
        const std::error_code ec = static_cast<SyntaxError>(error);
        QCOMPARE(&ec.category(), &syntaxCategory());
        QVERIFY(!ec.message().empty());
        QVERIFY(ec.message() != "unknown syntax error");
    }
};

QTEST_GUILESS_MAIN(tst_MultipartBody)
#include "tst_multipartbody.moc"
