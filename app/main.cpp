// ringback: the desktop softphone, or with --headless its automation interface.
#include "accountsfile.h"
#include "audiodevices.h"
#include "callwindow.h"
#include "headlesscontroller.h"
#include "mainwindow.h"
#include "phone.h"
#include "settings.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QStandardPaths>
#include <QTranslator>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "ringback: %s\n", qPrintable(message));
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    // Headless runs, --version and --help need no display: no QApplication for them.
    bool headless = false;
    bool windowless = false;
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        headless = headless || arg == "--headless";
        windowless
                = windowless || arg == "--version" || arg == "-v" || arg == "--help" || arg == "-h";
    }
    std::unique_ptr<QCoreApplication> app(headless || windowless ? new QCoreApplication(argc, argv)
                                                                 : new QApplication(argc, argv));
    QCoreApplication::setOrganizationName(QStringLiteral("Ringback"));
    QCoreApplication::setApplicationName(QStringLiteral("ringback"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RINGBACK_VERSION));

    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("ringback"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "SIP softphone"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption headlessOption(
            QStringLiteral("headless"),
            QCoreApplication::translate("main", "Run without windows: commands on stdin, JSON "
                                                "events on stdout."));
    const QCommandLineOption listenOption(
            QStringLiteral("sip-listen"),
            QCoreApplication::translate("main", "Listen for SIP on HOST:PORT (port 0: any)."),
            QStringLiteral("HOST:PORT"));
    const QCommandLineOption configOption(
            QStringLiteral("config"),
            QCoreApplication::translate("main", "Keep all settings and data in DIR."),
            QStringLiteral("DIR"));
    const QCommandLineOption t1Option(
            QStringLiteral("sip-t1"),
            QCoreApplication::translate("main", "SIP timer T1 in milliseconds (default 500)."),
            QStringLiteral("MS"));
    const QCommandLineOption tlsCaOption(
            QStringLiteral("tls-ca"),
            QCoreApplication::translate("main", "Trust the CAs in this PEM file for SIP over "
                                                "TLS instead of the system's (saved)."),
            QStringLiteral("FILE"));
    const QCommandLineOption tlsCertificateOption(
            QStringLiteral("tls-certificate"),
            QCoreApplication::translate("main", "Present this PEM certificate for SIP over TLS, "
                                                "with --tls-key (saved)."),
            QStringLiteral("FILE"));
    const QCommandLineOption tlsKeyOption(
            QStringLiteral("tls-key"),
            QCoreApplication::translate("main", "The PEM private key of --tls-certificate."),
            QStringLiteral("FILE"));
    const QCommandLineOption noAnswerOption(
            QStringLiteral("no-answer-timeout"),
            QCoreApplication::translate("main", "Answer an incoming call nobody takes with 480 "
                                                "after this many seconds (0: never; default "
                                                "60)."),
            QStringLiteral("SECONDS"));
    const QCommandLineOption audioInOption(
            QStringLiteral("audio-in"),
            QCoreApplication::translate("main", "Play this 16-bit PCM WAV file, over and over, "
                                                "in place of the microphone."),
            QStringLiteral("FILE.wav"));
    const QCommandLineOption audioOutOption(
            QStringLiteral("audio-out"),
            QCoreApplication::translate("main", "Record what would be played to this WAV file "
                                                "in place of the speaker."),
            QStringLiteral("FILE.wav"));
    const QCommandLineOption codecsOption(
            QStringLiteral("codecs"),
            QCoreApplication::translate("main", "Offer and accept only these codecs, in this "
                                                "order (comma-separated: %1).")
                    .arg(Phone::availableCodecs().join(QLatin1Char(','))),
            QStringLiteral("LIST"));
    const QCommandLineOption dtmfOption(
            QStringLiteral("dtmf"),
            QCoreApplication::translate(
                    "main", "How to send DTMF: rfc4733 (events in the audio, or tones when the "
                            "other side takes no events; the default), inband (tones only) or "
                            "info (SIP INFO)."),
            QStringLiteral("METHOD"));
    const QCommandLineOption srtpOption(
            QStringLiteral("srtp"),
            QCoreApplication::translate(
                    "main", "Encrypt the audio (SRTP) of calls not made through an account: "
                            "off, optional (when the other side can) or required. Overrides "
                            "the setting calls/srtp."),
            QStringLiteral("MODE"));
    parser.addOption(headlessOption);
    parser.addOption(codecsOption);
    parser.addOption(dtmfOption);
    parser.addOption(srtpOption);
    parser.addOption(audioInOption);
    parser.addOption(audioOutOption);
    parser.addOption(noAnswerOption);
    parser.addOption(tlsCaOption);
    parser.addOption(tlsCertificateOption);
    parser.addOption(tlsKeyOption);
    parser.addOption(listenOption);
    parser.addOption(configOption);
    parser.addOption(t1Option);
    parser.addPositionalArgument(
            QStringLiteral("address"),
            QCoreApplication::translate("main", "SIP address to call, e.g. sip:alice@host."),
            QStringLiteral("[address]"));
    parser.process(*app);

    const QString configDir
            = parser.isSet(configOption)
                      ? parser.value(configOption)
                      : QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    Settings settings(configDir);
    if (parser.isSet(listenOption))
        settings.setSipListen(parser.value(listenOption));
    if (parser.isSet(tlsCaOption) || parser.isSet(tlsCertificateOption)
        || parser.isSet(tlsKeyOption)) {
        const auto chosen = [&](const QCommandLineOption &option, const QString &saved) {
            return parser.isSet(option) ? QFileInfo(parser.value(option)).absoluteFilePath()
                                        : saved;
        };
        settings.setTlsFiles(chosen(tlsCaOption, settings.tlsCaFile()),
                             chosen(tlsCertificateOption, settings.tlsCertificate()),
                             chosen(tlsKeyOption, settings.tlsPrivateKey()));
    }
    if (const QString problem = settings.validate(); !problem.isEmpty())
        return fail(problem);

    Phone::Options options;
    QString error;
    Settings::parseListenAddress(settings.sipListen(), &options.listenHost, &options.listenPort,
                                 &error);
    options.t1Milliseconds = settings.sipT1();
    options.tlsCaFile = settings.tlsCaFile();
    options.tlsCertificate = settings.tlsCertificate();
    options.tlsPrivateKey = settings.tlsPrivateKey();
    if (parser.isSet(t1Option)) {
        bool ok = false;
        options.t1Milliseconds = parser.value(t1Option).toInt(&ok);
        if (!ok || options.t1Milliseconds < 1 || options.t1Milliseconds > 10000)
            return fail(QCoreApplication::translate(
                    "main", "--sip-t1 takes a number of milliseconds between 1 and 10000."));
    }

    options.noAnswerSeconds = settings.noAnswerTimeout();
    if (parser.isSet(noAnswerOption)) {
        bool ok = false;
        options.noAnswerSeconds = parser.value(noAnswerOption).toInt(&ok);
        if (!ok || options.noAnswerSeconds < 0 || options.noAnswerSeconds > 3600)
            return fail(QCoreApplication::translate(
                    "main", "--no-answer-timeout takes a number of seconds between 0 (never) "
                            "and 3600."));
    }

    AccountsFile accountsFile;
    QStringList warnings;
    if (!accountsFile.load(configDir, &error, &warnings))
        return fail(error);
    for (const QString &warning : std::as_const(warnings))
        std::fprintf(stderr, "ringback: %s\n", qPrintable(warning));
    options.accounts = accountsFile.accounts();
    options.defaultAccount = accountsFile.defaultAccount();
    options.processing = {settings.audioProcessing(QStringLiteral("echoCancellation")),
                          settings.audioProcessing(QStringLiteral("noiseSuppression")),
                          settings.audioProcessing(QStringLiteral("gainControl"))};
    options.audioInFile = parser.value(audioInOption);
    options.audioOutFile = parser.value(audioOutOption);
    if (parser.isSet(codecsOption)) {
        const QStringList available = Phone::availableCodecs();
        for (const QString &name : parser.value(codecsOption).split(QLatin1Char(','))) {
            const QString codec = name.trimmed();
            const auto known
                    = std::find_if(available.begin(), available.end(), [&](const QString &a) {
                          return a.compare(codec, Qt::CaseInsensitive) == 0;
                      });
            if (known == available.end())
                return fail(QCoreApplication::translate(
                                    "main", "--codecs: \"%1\" is not a codec Ringback has; "
                                            "choose from %2.")
                                    .arg(codec, available.join(QStringLiteral(", "))));
            options.codecs.append(*known);
        }
    }
    if (parser.isSet(dtmfOption)) {
        using DtmfMethod = Phone::DtmfMethod;
        const QString method = parser.value(dtmfOption).toLower();
        if (method == QLatin1String("rfc4733"))
            options.dtmf = DtmfMethod::Rfc4733;
        else if (method == QLatin1String("inband"))
            options.dtmf = DtmfMethod::InBand;
        else if (method == QLatin1String("info"))
            options.dtmf = DtmfMethod::Info;
        else
            return fail(QCoreApplication::translate(
                                "main", "--dtmf: \"%1\" is not a DTMF method; choose rfc4733, "
                                        "inband or info.")
                                .arg(parser.value(dtmfOption)));
    }

    options.srtp = settings.srtp();
    if (parser.isSet(srtpOption)) {
        options.srtp = parser.value(srtpOption).toLower();
        if (!AccountsFile::srtpModes().contains(options.srtp))
            return fail(QCoreApplication::translate(
                                "main", "--srtp: \"%1\" is not a way to protect the audio; "
                                        "choose off, optional or required.")
                                .arg(parser.value(srtpOption)));
    }

    Phone phone(options);
    // The sound devices chosen before, and each new choice saved at once.
    AudioDevices *audio = phone.audioDevices();
    for (auto role :
         {AudioDevices::Role::Microphone, AudioDevices::Role::Speaker, AudioDevices::Role::Ringer})
        audio->choose(role, settings.audioDevice(AudioDevices::roleName(role)));
    QObject::connect(audio, &AudioDevices::choiceChanged, audio,
                     [&settings](AudioDevices::Role role, const QString &id) {
                         settings.setAudioDevice(AudioDevices::roleName(role), id);
                     });
    // Quitting unregisters the accounts first (Phone::shutdown), then ends the event loop.
    QObject::connect(&phone, &Phone::shutDown, app.get(), &QCoreApplication::quit,
                     Qt::QueuedConnection);
    const QStringList positional = parser.positionalArguments();

    if (headless) {
        HeadlessController controller(&phone);
        QObject::connect(&controller, &HeadlessController::quitRequested, &phone, &Phone::shutdown,
                         Qt::QueuedConnection);
        QObject::connect(&phone, &Phone::startFailed, app.get(), [] { QCoreApplication::exit(1); });
        if (!positional.isEmpty()) {
            QObject::connect(&phone, &Phone::started, &controller, [&] {
                controller.handleCommand(QStringLiteral("call ") + positional.first());
            });
        }
        controller.start();
        phone.start();
        return app->exec();
    }

    // Closing the last window quits once the accounts are unregistered.
    QApplication::setQuitOnLastWindowClosed(false);
    QObject::connect(qApp, &QGuiApplication::lastWindowClosed, &phone, &Phone::shutdown);
    MainWindow window(&phone, &settings);
    window.show();
    if (!positional.isEmpty()) {
        QObject::connect(&phone, &Phone::started, &window,
                         [&] { window.dial(positional.first()); });
    }
    phone.start();
    return app->exec();
}
