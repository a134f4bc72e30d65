// Covers the main window's Audio menu: for the microphone, speaker and ringer it lists the
// system's default and the devices there are, checks the one chosen, keeps a chosen device
// that is not plugged in as "(not connected)", and a click chooses; the microphone's
// clean-ups are switched there, into the phone and the settings. Runs without a sound
// server, so the only devices are the ones chosen.
#include "audiodevices.h"
#include "mainwindow.h"
#include "phone.h"
#include "settings.h"

#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

QMenu *submenu(QMenu *menu, const QString &title)
{
    for (QAction *action : menu->actions()) {
        if (action->menu() && action->text().remove(u'&') == title)
            return action->menu();
    }
    return nullptr;
}

QAction *checkedAction(QMenu *menu)
{
    for (QAction *action : menu->actions()) {
        if (action->isChecked())
            return action;
    }
    return nullptr;
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("PULSE_SERVER", "unix:/nonexistent/ringback-tests-use-no-sound-server");
    }

    void audioMenuChoosesDevices()
    {
        QTemporaryDir configDirectory;
        QVERIFY(configDirectory.isValid());
        Settings settings(configDirectory.path());
        Phone::Options options;
        options.listenHost = QStringLiteral("127.0.0.1");
        options.listenPort = 0;
        Phone phone(options);
        AudioDevices *audio = phone.audioDevices();
        audio->choose(AudioDevices::Role::Speaker, QStringLiteral("headset"));
        MainWindow window(&phone, &settings);

        QMenu *audioMenu = window.findChild<QMenu *>(QStringLiteral("audioMenu"));
        QVERIFY(audioMenu);
        QMenu *speaker = submenu(audioMenu, QStringLiteral("Speaker"));
        QVERIFY(speaker);
        QAction *chosen = checkedAction(speaker);
        QVERIFY(chosen);
        QCOMPARE(chosen->text(), QStringLiteral("headset (not connected)"));
        QMenu *microphone = submenu(audioMenu, QStringLiteral("Microphone"));
        QVERIFY(microphone);
        QCOMPARE(checkedAction(microphone)->text(), QStringLiteral("System default"));

        QSignalSpy choices(audio, &AudioDevices::choiceChanged);
        speaker->actions().first()->trigger(); // "System default"
        QCOMPARE(choices.size(), 1);
        QCOMPARE(audio->choice(AudioDevices::Role::Speaker), QString());
        // The menu is filled again once the event loop turns: the default is checked.
        QTRY_VERIFY(submenu(audioMenu, QStringLiteral("Speaker"))
                    && checkedAction(submenu(audioMenu, QStringLiteral("Speaker")))->text()
                               == QStringLiteral("System default"));

        // The clean-ups: on by default; switching one off reaches the phone and the settings.
        QAction *noise = nullptr;
        for (QAction *action : audioMenu->actions()) {
            if (action->text().remove(u'&') == QStringLiteral("Noise suppression"))
                noise = action;
        }
        QVERIFY(noise);
        QVERIFY(noise->isChecked());
        noise->trigger();
        QVERIFY(!phone.audioProcessing().noiseSuppression);
        QVERIFY(phone.audioProcessing().echoCancellation);
        QVERIFY(!settings.audioProcessing(QStringLiteral("noiseSuppression")));
        QVERIFY(settings.audioProcessing(QStringLiteral("gainControl")));
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
