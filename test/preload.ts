// Loaded before every test file: @peculiar/x509 needs reflect-metadata before it is evaluated.
import "reflect-metadata";
