from extractor import cli

cli.main()
