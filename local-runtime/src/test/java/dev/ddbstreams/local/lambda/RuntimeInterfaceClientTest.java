package dev.ddbstreams.local.lambda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class RuntimeInterfaceClientTest {

    @Test
    void jniEntry_picksTheBuildForThisPlatform() {
        assertEquals("jni/libaws-lambda-jni.linux-x86_64.so", RuntimeInterfaceClient.jniEntry("Linux", "amd64", false));
        assertEquals("jni/libaws-lambda-jni.linux-aarch_64.so", RuntimeInterfaceClient.jniEntry("Linux", "aarch64", false));
        assertEquals("jni/libaws-lambda-jni.linux_musl-x86_64.so", RuntimeInterfaceClient.jniEntry("Linux", "x86_64", true));
        assertEquals("jni/libaws-lambda-jni.linux_musl-aarch_64.so", RuntimeInterfaceClient.jniEntry("Linux", "arm64", true));
    }

    @Test
    void jniEntry_explainsThatOnlyLinuxIsSupported() {
        IllegalStateException macOs = assertThrows(IllegalStateException.class,
                () -> RuntimeInterfaceClient.jniEntry("Mac OS X", "aarch64", false));
        IllegalStateException riscV = assertThrows(IllegalStateException.class,
                () -> RuntimeInterfaceClient.jniEntry("Linux", "riscv64", false));

        assertTrue(macOs.getMessage().contains("Linux only"), macOs.getMessage());
        assertTrue(riscV.getMessage().contains("riscv64"), riscV.getMessage());
    }

    @Test
    void locateJar_saysHowToGetTheLibraries_whenTheyAreMissing(@TempDir Path empty) {
        IllegalStateException missingDirectory = assertThrows(IllegalStateException.class,
                () -> RuntimeInterfaceClient.locateJar(empty.resolve("lambda-runtime")));
        IllegalStateException missingJar = assertThrows(IllegalStateException.class,
                () -> RuntimeInterfaceClient.locateJar(empty));

        assertTrue(missingDirectory.getMessage().contains("make build"), missingDirectory.getMessage());
        assertTrue(missingJar.getMessage().contains("aws-lambda-java-runtime-interface-client"), missingJar.getMessage());
    }

    @Test
    @EnabledOnOs(value = OS.LINUX)
    void extractJni_copiesThisPlatformsLibraryOutOfTheJar(@TempDir Path directory) throws IOException {
        String entry = RuntimeInterfaceClient.jniEntry(System.getProperty("os.name"), System.getProperty("os.arch"),
                RuntimeInterfaceClient.isMusl());
        Path jar = directory.resolve("aws-lambda-java-runtime-interface-client.jar");
        byte[] library = {0x7f, 'E', 'L', 'F', 1, 2, 3};
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("jni/libaws-lambda-jni.linux-other.so"));
            zip.write(new byte[] {9, 9});
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(library);
        }

        Path extracted = RuntimeInterfaceClient.extractJni(RuntimeInterfaceClient.locateJar(directory),
                directory.resolve("work"));

        assertArrayEquals(library, Files.readAllBytes(extracted));
    }
}
